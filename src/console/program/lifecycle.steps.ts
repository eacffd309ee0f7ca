import { RegisterAssetDto } from '../../assets/dto/asset.dto';
import type { RegisterAssetService } from '../../assets/register-asset.service';
import { businessToday } from '../../common/business-date';
import { AcceptProjectDto, StartProjectDto } from '../../projects/dto/project.dto';
import type { ProjectDto } from '../../projects/dto/project-view.dto';
import type { ProjectLifecycleService } from '../../projects/project-lifecycle.service';
import { STEP_FROM } from '../../projects/project-rules';
import { html } from '../../public/html';
import { field, yuan, yuanWithCapitals } from '../views/form.view';
import { closedUnless } from '../work/closed';
import type { JournalRefs } from '../work/entries';
import { CLASS_NAMES, OWNER_NAMES, options } from '../work/labels';
import type { Row, Step } from '../work/step';

const BASE = '/console/program/projects';
const COUNT = { type: 'number' as const, required: true };
const OWNERS = options(OWNER_NAMES);
const back = (p: ProjectDto) => html`<p><a href="${BASE}/${p.id}">返回项目</a></p>`;
const project = (p: ProjectDto) => `${BASE}/${p.id}`;

/** 开工实施: after the approval notice's period; the contract if there is one. */
export function startStep(lifecycle: ProjectLifecycleService, refs: JournalRefs): Step<StartProjectDto, ProjectDto> {
  return {
    title: '开工实施',
    Dto: StartProjectDto,
    money: ['contractAmount'],
    defaults: () => ({ startedOn: businessToday() }),
    closed: closedUnless(STEP_FROM.start, '开工', project),
    intro: (
      p,
    ) => html`<p>项目：<strong>${p.name}</strong>（批复 ${p.approvalDocNo ?? '—'}，安排资金 ${yuan(p.amounts.committed)}）。
      开工须在批复公示期满且无未处理异议之后。</p>`,
    fields: (f) => html`
      ${field({ name: 'startedOn', label: '开工日期', type: 'date', required: true }, f)}
      ${field({ name: 'contractor', label: '施工单位' }, f)}
      ${field({ name: 'contractAmount', label: '合同金额', type: 'money' }, f)}
      ${field({ name: 'procurement', label: '采购方式', hint: '公开招标、竞争性谈判、以工代赈等' }, f)}`,
    confirm: (dto, _v, p) => [
      ['项目', p.name],
      ['开工日期', dto.startedOn],
      ['施工单位', dto.contractor ?? '—'],
      ['合同金额', dto.contractAmount ? yuanWithCapitals(dto.contractAmount) : '—'],
      ['采购方式', dto.procurement ?? '—'],
    ],
    run: async (dto, p, ctx) => {
      await lifecycle.start(ctx.actor, p.id, dto);
      return {
        message: '项目已开工实施，财政局可按进度拨付资金。',
        rows: [
          ['项目', p.name],
          ['开工日期', dto.startedOn],
        ],
        entry: await refs.latest(`project:${p.id}`, 'project.started'),
        next: back(p),
      };
    },
    dateField: 'startedOn',
  };
}

/** 验收: the result, the final cost, and what the project reached beside its performance goal. */
export function acceptStep(lifecycle: ProjectLifecycleService, refs: JournalRefs): Step<AcceptProjectDto, ProjectDto> {
  return {
    title: '项目验收',
    Dto: AcceptProjectDto,
    money: ['finalCost'],
    ints: ['results.households', 'results.persons'],
    fixed: (p) => Object.fromEntries(p.performanceIndicators.map((i, n) => [`results.indicators.${n}.name`, i.name])),
    defaults: (p) => ({ acceptedOn: businessToday(), finalCost: p.amounts.committed }),
    closed: closedUnless(STEP_FROM.accept, '验收', project),
    intro: (p) => html`<div class="card"><p>项目：<strong>${p.name}</strong>，安排资金 ${yuan(p.amounts.committed)}，
      已拨付 ${yuan(p.amounts.disbursed)}。</p>
      <p><strong>绩效目标：</strong>${p.performanceGoal}</p>
      <p>计划带贫 ${p.beneficiaries.households} 户 / ${p.beneficiaries.persons} 人</p></div>`,
    fields: (f, p) => html`
      ${field(
        {
          name: 'result',
          label: '验收结论',
          type: 'select',
          required: true,
          options: [
            ['passed', '验收合格'],
            ['failed', '验收不合格'],
          ],
        },
        f,
      )}
      ${field({ name: 'acceptedOn', label: '验收日期', type: 'date', required: true }, f)}
      ${field(
        {
          name: 'finalCost',
          label: '决算金额（财政资金）',
          type: 'money',
          required: true,
          hint: `不超过 ${yuan(p.amounts.committed)}`,
        },
        f,
      )}
      ${field({ name: 'opinion', label: '验收意见', type: 'textarea', required: true }, f)}
      <fieldset class="rows"><legend>绩效结果（对照绩效目标）</legend>
        <div class="row2">
          ${field({ ...COUNT, name: 'results.households', label: `实际受益户数（目标 ${p.beneficiaries.households}）` }, f)}
          ${field({ ...COUNT, name: 'results.persons', label: `实际受益人数（目标 ${p.beneficiaries.persons}）` }, f)}
        </div>
        ${p.performanceIndicators.map((i, n) =>
          field(
            {
              name: `results.indicators.${n}.actual`,
              label: `${i.name}：实际值（目标 ${i.target} ${i.unit}）`,
              type: 'number',
              required: true,
            },
            f,
          ),
        )}
      </fieldset>`,
    confirm: (dto, _v, p) => [
      ['项目', p.name],
      ['验收结论', dto.result === 'passed' ? '验收合格' : '验收不合格'],
      ['验收日期', dto.acceptedOn],
      ['决算金额', yuanWithCapitals(dto.finalCost)],
      ['验收意见', dto.opinion],
      ['受益户数', `${dto.results?.households ?? '—'}（目标 ${p.beneficiaries.households}）`],
      ['受益人数', `${dto.results?.persons ?? '—'}（目标 ${p.beneficiaries.persons}）`],
      ...p.performanceIndicators.map((i, n): Row => {
        const actual = dto.results?.indicators?.[n]?.actual ?? '—';
        const met = actual !== '—' && Number(actual) >= Number(i.target);
        return [i.name, `${actual} ${i.unit}（目标 ${i.target}，${met ? '达到' : '未达到'}）`];
      }),
    ],
    run: async (dto, p, ctx) => {
      const done = await lifecycle.accept(ctx.actor, p.id, dto);
      return {
        message:
          dto.result === 'passed' ? '验收合格。下一步：登记形成的资产，由村发布验收公示。' : '已记录验收不合格。',
        rows: [
          ['项目', done.name],
          ['决算金额', yuanWithCapitals(dto.finalCost)],
        ],
        entry: await refs.latest(`project:${p.id}`, 'project.accepted'),
        next: back(p),
      };
    },
    errorField: (e) =>
      /COST|COMMIT|OVER/.test(e.code)
        ? 'finalCost'
        : /RESULT|INDICATOR/.test(e.code)
          ? 'results.households'
          : undefined,
    dateField: 'acceptedOn',
  };
}

/** 资产登记: what the project left behind, its class and owner (确权). */
export function assetStep(registering: RegisterAssetService, refs: JournalRefs): Step<RegisterAssetDto, ProjectDto> {
  return {
    title: '资产登记',
    Dto: RegisterAssetDto,
    money: ['value'],
    ints: ['beneficiaries.households', 'beneficiaries.persons'],
    defaults: (p) => ({
      registeredOn: businessToday(),
      location: p.regionCode,
      'owner.type': 'village_collective',
      'owner.regionCode': p.regionCode,
      value: p.amounts.disbursed,
      name: p.name,
      custodian: p.implementingUnit,
    }),
    closed: closedUnless(STEP_FROM.registerAssets, '登记资产', project),
    intro: (p) =>
      html`<p>项目：<strong>${p.name}</strong>（决算 ${yuan(p.amounts.finalCost ?? p.amounts.committed)}）</p>`,
    fields: (f) => html`
      ${field({ name: 'name', label: '资产名称', required: true }, f)}
      ${field({ name: 'assetClass', label: '资产类别', type: 'select', required: true, options: options(CLASS_NAMES) }, f)}
      ${field({ name: 'value', label: '资产价值', type: 'money', required: true }, f)}
      ${field({ name: 'location', label: '坐落（区划代码）', required: true }, f)}
      ${field({ name: 'owner.type', label: '所有权人类型', type: 'select', required: true, options: OWNERS }, f)}
      ${field({ name: 'owner.regionCode', label: '所有权人区划（村集体、乡镇）' }, f)}
      ${field({ name: 'owner.householdId', label: '所有权农户编号（到户类）' }, f)}
      ${field({ name: 'owner.name', label: '所有权人名称（行业部门等）' }, f)}
      ${field({ name: 'custodian', label: '管护主体', required: true }, f)}
      ${field({ name: 'responsiblePerson', label: '管护责任人' }, f)}
      ${field({ name: 'operator', label: '经营主体' }, f)}
      ${field({ name: 'certificateNo', label: '权属证书号' }, f)}
      ${field({ name: 'builtOn', label: '建成日期', type: 'date' }, f)}
      ${field({ name: 'registeredOn', label: '登记日期', type: 'date', required: true }, f)}`,
    confirm: (dto, _v, p) => [
      ['项目', p.name],
      ['资产名称', dto.name],
      ['资产类别', CLASS_NAMES[dto.assetClass]],
      ['资产价值', yuanWithCapitals(dto.value)],
      [
        '所有权人',
        `${OWNER_NAMES[dto.owner.type]} ${dto.owner.regionCode ?? dto.owner.name ?? dto.owner.householdId ?? ''}`,
      ],
      ['管护主体', dto.custodian],
      ['登记日期', dto.registeredOn],
    ],
    run: async (dto, p, ctx) => {
      const a = await registering.register(ctx.actor, p.id, dto);
      return {
        message: `资产已登记，编号 ${a.assetNo}。`,
        rows: [
          ['资产', a.name],
          ['价值', yuanWithCapitals(a.value)],
        ],
        entry: (await refs.latest(`asset:${a.id}`, 'asset.registered')) ?? { book: a.book, seq: a.entrySeq },
        next: html`<p><a href="/console/program/assets/${a.id}">查看资产</a> · <a href="${BASE}/${p.id}">返回项目</a></p>`,
      };
    },
    errorField: (e) => (/OWNER/.test(e.code) ? 'owner.type' : /VALUE|OVER/.test(e.code) ? 'value' : undefined),
    dateField: 'registeredOn',
  };
}
