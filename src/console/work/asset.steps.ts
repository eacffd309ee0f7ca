import { DisposeAssetDto, DistributeIncomeDto, RecordIncomeDto, TransferAssetDto } from '../../assets/dto/asset.dto';
import type { AssetDto } from '../../assets/dto/asset-view.dto';
import type { AssetMoneyService } from '../../assets/asset-money.service';
import { earnsIncome, INCOME_CLASSES, isDisposed } from '../../assets/asset-rules';
import type { RegisterAssetService } from '../../assets/register-asset.service';
import { businessToday } from '../../common/business-date';
import { fenToYuan, yuanToFen } from '../../common/money';
import type { HouseholdDto } from '../../households/dto/household.dto';
import { type Html, html } from '../../public/html';
import { field, yuan, yuanWithCapitals } from '../views/form.view';
import { closedNotice, type Subject } from './closed';
import type { JournalRefs } from './entries';
import { ASSET_STATUS_NAMES, CLASS_NAMES, OWNER_NAMES, options, PURPOSE_NAMES } from './labels';
import { rowFields } from './shape';
import { choose, type Row, type Step } from './step';

export interface AssetContext {
  asset: AssetDto;
  /** Households on the list in the asset's village (distribution choices). */
  households: HouseholdDto[];
  base: string;
}

const ITEM_ROWS = 6;
const optional = (choices: Array<[string, string]>) => ({ type: 'select' as const, options: choices });
/** Households as choices: the head's name and the last 4 characters of the ID number (namesakes differ). */
const who = (hs: HouseholdDto[]) =>
  hs.map((h): [string, string] => [h.id, `${h.headName}（${h.idNumberMasked.slice(-4)}）`]);
export const DISPOSAL_NAMES: Record<string, string> = {
  sale: '出售',
  transfer: '无偿划转',
  scrap: '报废',
  loss: '灭失',
};
const PROCEEDS_NAMES: Record<string, string> = { village_collective: '归村集体', county_treasury: '缴县级国库' };

const about = ({
  asset: a,
}: AssetContext) => html`<p>资产：<strong>${a.name}</strong>（<span class="mono">${a.assetNo}</span>），
  收益累计 ${yuan(a.income.total)}，已分配 ${yuan(a.income.distributed)}，
  <strong>待分配 ${yuan(a.income.undistributed)}</strong>。</p>`;
const back = ({ asset, base }: AssetContext) => html`<p><a href="${base}/${asset.id}">返回资产</a></p>`;

const subject = ({ asset, base }: AssetContext, state: string, stateIs?: string): Subject => ({
  kind: '资产',
  name: asset.name,
  state,
  stateIs,
  back: `${base}/${asset.id}`,
});

/** The service's rule for every step of an asset (isDisposed): a disposed asset takes none. */
const closedIfDisposed =
  (verb: string) =>
  (x: AssetContext): Html | undefined => {
    const { asset: a } = x;
    if (!isDisposed(a)) return undefined;
    const d = a.disposal;
    const how = d ? `已于 ${d.disposedOn} 处置（${DISPOSAL_NAMES[d.method] ?? d.method}）` : '已处置';
    return closedNotice(
      subject(x, ASSET_STATUS_NAMES[a.status]),
      verb,
      `该资产${how}，不再登记收益、分配收益、移交或处置。`,
    );
  };

/** 收益 is also the service's rule of classes (earnsIncome): only 经营性资产 earn income. */
const closedToIncome = (x: AssetContext): Html | undefined =>
  closedIfDisposed('登记收益')(x) ??
  (earnsIncome(x.asset)
    ? undefined
    : closedNotice(
        subject(x, CLASS_NAMES[x.asset.assetClass], '类别'),
        '登记收益',
        `只有${INCOME_CLASSES.map((c) => CLASS_NAMES[c]).join('、')}才能登记收益。`,
      ));

/** 收益登记: income received for a period. */
export function incomeStep(money: AssetMoneyService, refs: JournalRefs): Step<RecordIncomeDto, AssetContext> {
  return {
    title: '登记资产收益',
    Dto: RecordIncomeDto,
    money: ['amount'],
    defaults: () => ({ receivedOn: businessToday(), period: businessToday().slice(0, 4) }),
    closed: closedToIncome,
    intro: about,
    fields: (f) => html`
      ${field({ name: 'amount', label: '收益金额', type: 'money', required: true }, f)}
      ${field({ name: 'receivedOn', label: '到账日期', type: 'date', required: true }, f)}
      ${field({ name: 'period', label: '收益期间', required: true, hint: '如 2026、2026-H1、2026-Q3、2026-07' }, f)}
      ${field({ name: 'source', label: '收益来源', required: true, hint: '如 国网漯河供电公司 电费结算、租金' }, f)}`,
    confirm: (dto, _v, { asset }) => [
      ['资产', asset.name],
      ['收益金额', yuanWithCapitals(dto.amount)],
      ['到账日期', dto.receivedOn],
      ['收益期间', dto.period],
      ['收益来源', dto.source],
    ],
    run: async (dto, x, ctx) => {
      const a = await money.income(ctx.actor, x.asset.id, dto);
      return {
        message: '收益已登记。',
        rows: [
          ['收益金额', yuanWithCapitals(dto.amount)],
          ['待分配', yuan(a.income.undistributed)],
        ],
        entry: await refs.latest(`asset:${a.id}`, 'asset.income_received'),
        next: back(x),
      };
    },
    dateField: 'receivedOn',
  };
}

/** 收益分配: to households of the village on the list, or to purposes; at most what is undistributed. */
export function distributeStep(money: AssetMoneyService): Step<DistributeIncomeDto, AssetContext> {
  return {
    title: '分配资产收益',
    Dto: DistributeIncomeDto,
    money: rowFields('items', 'amount', ITEM_ROWS),
    rows: ['items'],
    defaults: () => ({ distributedOn: businessToday() }),
    closed: closedIfDisposed('分配收益'),
    intro: about,
    fields: (f, { households }) => html`
      ${field({ name: 'distributedOn', label: '分配日期', type: 'date', required: true }, f)}
      <fieldset class="rows"><legend>分配明细（每行选农户或用途之一）</legend>
        ${Array.from(
          { length: ITEM_ROWS },
          (_, i) => html`<div class="row3">
            ${field({ name: `items.${i}.householdId`, label: `农户 ${i + 1}`, ...optional(who(households)) }, f)}
            ${field({ name: `items.${i}.purpose`, label: '或用途', ...optional(options(PURPOSE_NAMES)) }, f)}
            ${field({ name: `items.${i}.amount`, label: '金额', type: 'money' }, f)}
          </div>`,
        )}
        ${f.errors.items ? html`<p class="error">${f.errors.items.join('；')}</p>` : ''}
      </fieldset>`,
    check: (dto, { asset }) => {
      const out: Array<[string, string]> = [];
      dto.items.forEach((it, i) => {
        if (!it.householdId === !it.purpose)
          out.push([`items.${i}.purpose`, '每行须选农户或用途之一（不能都选或都不选）']);
      });
      const total = dto.items.reduce((s, it) => s + yuanToFen(it.amount), 0n);
      if (total > yuanToFen(asset.income.undistributed))
        out.push([
          'items.0.amount',
          `合计 ${yuan(fenToYuan(total))} 超过待分配收益 ${yuan(asset.income.undistributed)}`,
        ]);
      return out;
    },
    confirm: (dto, _v, { households }) => [
      ['分配日期', dto.distributedOn],
      ...dto.items.map((it, i): Row => {
        const h = households.find((x) => x.id === it.householdId);
        const who = h ? `${h.headName}（${h.idNumberMasked}）` : (PURPOSE_NAMES[it.purpose ?? ''] ?? '');
        return [`第 ${i + 1} 项`, html`${who}：${yuanWithCapitals(it.amount)}`];
      }),
      ['合计', yuanWithCapitals(fenToYuan(dto.items.reduce((s, it) => s + yuanToFen(it.amount), 0n)))],
    ],
    run: async (dto, x, ctx) => {
      const r = await money.distribute(ctx.actor, x.asset.id, dto);
      return {
        message: `收益已分配，合计 ${yuan(r.total)}。`,
        rows: r.warnings.map((w): Row => ['提示', w.message]),
        entry: { book: x.asset.book, seq: r.entrySeq },
        next: back(x),
      };
    },
    errorField: (e) =>
      e.code === 'INSUFFICIENT_INCOME'
        ? 'items.0.amount'
        : /HOUSEHOLD/.test(e.code)
          ? 'items.0.householdId'
          : undefined,
    dateField: 'distributedOn',
  };
}

/** 移交: ownership (确权) to the village collective, a household, a township or a department. */
export function transferStep(
  registering: RegisterAssetService,
  refs: JournalRefs,
): Step<TransferAssetDto, AssetContext> {
  return {
    title: '资产移交',
    Dto: TransferAssetDto,
    closed: closedIfDisposed('移交'),
    defaults: ({ asset }) => ({
      transferredOn: businessToday(),
      'to.type': 'village_collective',
      'to.regionCode': asset.villageCode ?? '',
    }),
    intro: ({
      asset,
    }) => html`<p>资产：<strong>${asset.name}</strong>，现所有权人：${OWNER_NAMES[asset.owner.type]} ${asset.owner.name ?? ''}，
      管护主体：${asset.custodian}</p>`,
    fields: (f) => html`
      ${choose('to.type', '移交给（所有权人类型）', OWNER_NAMES, f)}
      ${field({ name: 'to.regionCode', label: '所有权人区划（村集体、乡镇）' }, f)}
      ${field({ name: 'to.householdId', label: '所有权农户编号（到户类）' }, f)}
      ${field({ name: 'to.name', label: '所有权人名称（行业部门等）' }, f)}
      ${field({ name: 'docNo', label: '移交文号', required: true }, f)}
      ${field({ name: 'transferredOn', label: '移交日期', type: 'date', required: true }, f)}
      ${field({ name: 'custodian', label: '新管护主体', hint: '不填则不变' }, f)}
      ${field({ name: 'responsiblePerson', label: '管护责任人' }, f)}
      ${field({ name: 'operator', label: '经营主体' }, f)}`,
    confirm: (dto, _v, { asset }) => [
      ['资产', asset.name],
      ['移交给', `${OWNER_NAMES[dto.to.type]} ${dto.to.regionCode ?? dto.to.name ?? dto.to.householdId ?? ''}`],
      ['移交文号', dto.docNo],
      ['移交日期', dto.transferredOn],
      ['管护主体', dto.custodian ?? asset.custodian],
    ],
    run: async (dto, x, ctx) => {
      const a = await registering.transfer(ctx.actor, x.asset.id, dto);
      return {
        message: '资产已移交。',
        rows: [
          ['资产', a.name],
          ['所有权人', `${OWNER_NAMES[a.owner.type]} ${a.owner.name ?? ''}`],
        ],
        entry: await refs.latest(`asset:${a.id}`, 'asset.transferred'),
        next: back(x),
      };
    },
    errorField: (e) => (/OWNER/.test(e.code) ? 'to.type' : undefined),
    dateField: 'transferredOn',
  };
}

/** 处置: sale, transfer, scrap or loss, after the village assembly and the township and county approvals. */
export function disposeStep(money: AssetMoneyService, refs: JournalRefs): Step<DisposeAssetDto, AssetContext> {
  return {
    title: '资产处置',
    Dto: DisposeAssetDto,
    money: ['proceeds'],
    defaults: () => ({ disposedOn: businessToday(), proceeds: '0.00', proceedsTo: 'village_collective' }),
    closed: closedIfDisposed('处置'),
    intro: ({ asset }) =>
      html`<p>资产：<strong>${asset.name}</strong>，价值 ${yuan(asset.value)}。处置须经村民（代表）大会决议、乡镇和县级审批。</p>`,
    fields: (f) => html`
      ${choose('method', '处置方式', DISPOSAL_NAMES, f)}
      ${field({ name: 'villageAssemblyOn', label: '村民（代表）大会决议日期', type: 'date', required: true }, f)}
      ${field({ name: 'townshipApprovedOn', label: '乡镇审批日期', type: 'date', required: true }, f)}
      ${field({ name: 'countyApprovedOn', label: '县级审批日期', type: 'date', required: true }, f)}
      ${field({ name: 'docNo', label: '县级审批文号' }, f)}
      ${field({ name: 'disposedOn', label: '处置日期', type: 'date', required: true }, f)}
      ${field({ name: 'proceeds', label: '处置收入', type: 'money', required: true, hint: '报废、灭失无收入填 0' }, f)}
      ${choose('proceedsTo', '收入去向', PROCEEDS_NAMES, f)}`,
    confirm: (dto, _v, { asset }) => [
      ['资产', asset.name],
      ['处置方式', DISPOSAL_NAMES[dto.method]],
      ['审批', `村 ${dto.villageAssemblyOn} / 乡镇 ${dto.townshipApprovedOn} / 县 ${dto.countyApprovedOn}`],
      ['处置日期', dto.disposedOn],
      ['处置收入', yuanWithCapitals(dto.proceeds)],
      ['收入去向', PROCEEDS_NAMES[dto.proceedsTo]],
    ],
    warning: '处置后资产不再计入在用资产，确认后写入台账。',
    run: async (dto, x, ctx) => {
      const a = await money.dispose(ctx.actor, x.asset.id, dto);
      return {
        message: '资产已处置。',
        rows: [
          ['资产', a.name],
          ['处置收入', yuanWithCapitals(dto.proceeds)],
        ],
        entry: await refs.latest(`asset:${a.id}`, 'asset.disposed'),
        next: back(x),
      };
    },
    dateField: 'disposedOn',
  };
}
