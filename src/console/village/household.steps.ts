import { businessToday } from '../../common/business-date';
import { CreateHouseholdDto, ExitHouseholdDto, type HouseholdDto } from '../../households/dto/household.dto';
import { hasExited, type HouseholdsService } from '../../households/households.service';
import { maskIdNumber, normaliseIdNumber } from '../../households/id-number';
import { html } from '../../public/html';
import { field } from '../views/form.view';
import { closedNotice } from '../work/closed';
import type { JournalRefs } from '../work/entries';
import { HOUSEHOLD_CATEGORY_NAMES, HOUSEHOLD_STATUS_NAMES, LABOR_NAMES } from '../work/labels';
import { choose, type Step } from '../work/step';

const BASE = '/console/village/households';
const masked = (id: string) => {
  try {
    return maskIdNumber(normaliseIdNumber(id));
  } catch {
    return '（格式有误）';
  }
};

/** 建档立卡: one household; the ID number is shown masked on every page after it was typed. */
export function registerStep(households: HouseholdsService, refs: JournalRefs): Step<CreateHouseholdDto, null> {
  return {
    title: '登记农户',
    Dto: CreateHouseholdDto,
    ints: ['members'],
    defaults: (_x, ctx) => ({ regionCode: ctx.actor.regionCode, since: businessToday() }),
    fields: (f) => html`
      ${field({ name: 'headName', label: '户主姓名', required: true }, f)}
      ${field({ name: 'idNumber', label: '户主身份证号码', required: true, hint: '18 位；确认页与列表只显示前 6 位和后 4 位' }, f)}
      ${field({ name: 'regionCode', label: '所在村（区划代码）', required: true }, f)}
      ${field({ name: 'members', label: '家庭人口', type: 'number', required: true }, f)}
      ${choose('laborCapacity', '劳动能力', LABOR_NAMES, f)} ${choose('category', '户类型', HOUSEHOLD_CATEGORY_NAMES, f)}
      ${field({ name: 'since', label: '纳入日期', type: 'date', required: true }, f)}`,
    confirm: (dto) => [
      ['户主姓名', dto.headName],
      ['身份证号码', html`<span class="mono">${masked(dto.idNumber)}</span>`],
      ['所在村', dto.regionCode],
      ['家庭人口', `${dto.members} 人`],
      ['劳动能力', LABOR_NAMES[dto.laborCapacity]],
      ['户类型', HOUSEHOLD_CATEGORY_NAMES[dto.category]],
      ['纳入日期', dto.since],
    ],
    run: async (dto, _x, ctx) => {
      const h = await households.create(ctx.actor, dto);
      return {
        message: '农户已登记。',
        rows: [
          ['户主', h.headName],
          ['身份证号码', html`<span class="mono">${h.idNumberMasked}</span>`],
        ],
        entry: await refs.latest(`household:${h.id}`, 'household.registered'),
        next: html`<p><a href="${BASE}/new">继续登记</a> · <a href="${BASE}">返回农户列表</a></p>`,
      };
    },
    errorField: (e) =>
      e.code === 'DUPLICATE_HOUSEHOLD' || e.code === 'ALREADY_EXISTS'
        ? 'idNumber'
        : e.code === 'OUT_OF_SCOPE' || e.code === 'NOT_FOUND'
          ? 'regionCode'
          : undefined,
    dateField: 'since',
  };
}

/** 退出: off the list from a date, with the reason. */
export function exitStep(households: HouseholdsService, refs: JournalRefs): Step<ExitHouseholdDto, HouseholdDto> {
  return {
    title: '农户退出',
    Dto: ExitHouseholdDto,
    defaults: () => ({ until: businessToday() }),
    // The service's rule (hasExited): a household leaves the list once.
    closed: (h) =>
      hasExited(h)
        ? closedNotice(
            {
              kind: '农户',
              name: `${h.headName}（${h.idNumberMasked}）`,
              state: HOUSEHOLD_STATUS_NAMES[h.status],
              back: BASE,
              backTo: '返回农户列表',
            },
            '办理退出',
            `该户已于 ${h.until ?? ''} 退出（${h.exitReason ?? ''}），退出只办理一次。`,
          )
        : undefined,
    intro: (h) => html`<p>户主 <strong>${h.headName}</strong>（<span class="mono">${h.idNumberMasked}</span>），
      ${h.since} 纳入。</p>`,
    fields: (f) => html`
      ${field({ name: 'until', label: '退出日期', type: 'date', required: true }, f)}
      ${field({ name: 'reason', label: '退出原因', required: true, hint: '如 稳定脱贫、风险消除、自然减少' }, f)}`,
    confirm: (dto, _v, h) => [
      ['户主', h.headName],
      ['退出日期', dto.until],
      ['退出原因', dto.reason],
    ],
    run: async (dto, h, ctx) => {
      await households.exit(ctx.actor, h.id, dto);
      return {
        message: '已办理退出。',
        rows: [
          ['户主', h.headName],
          ['退出日期', dto.until],
        ],
        entry: await refs.latest(`household:${h.id}`, 'household.exited'),
        next: html`<p><a href="${BASE}">返回农户列表</a></p>`,
      };
    },
    errorField: (e) => (e.code === 'INVALID_STATE' ? 'until' : undefined),
    dateField: 'until',
  };
}
