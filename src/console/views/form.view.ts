import { amountInCapitals } from '../../common/money-capitals';
import { formatYuan } from '../../notices/pdf/format';
import { Html, html } from '../../public/html';
import type { FormState } from '../forms';

export interface FieldSpec {
  name: string;
  label: string;
  /** money: yuan with ≤ 2 decimals; date: the browser's date picker. */
  type?: 'text' | 'password' | 'date' | 'money' | 'number' | 'select' | 'textarea';
  options?: Array<[value: string, label: string]>;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
}

/** One labelled field with what was typed and its errors beside it (never a password's value). */
export function field(spec: FieldSpec, form: FormState<unknown>): Html {
  const { name, label, type = 'text', required } = spec;
  const errors = form.errors[name] ?? [];
  const value = type === 'password' ? '' : (form.values[name] ?? '');
  const id = `f-${name}`;
  const described = errors.length ? `${id}-error` : spec.hint ? `${id}-hint` : undefined;
  const attrs = html`id="${id}" name="${name}" ${required ? html`required` : ''}
    ${described ? html`aria-describedby="${described}"` : ''} ${errors.length ? html`aria-invalid="true"` : ''}`;
  let control: Html;
  if (type === 'select') {
    control = html`<select ${attrs}>
      <option value="">请选择</option>
      ${(spec.options ?? []).map(
        ([v, l]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${l}</option>`,
      )}
    </select>`;
  } else if (type === 'textarea') {
    control = html`<textarea ${attrs} rows="4">${value}</textarea>`;
  } else {
    const inputType = type === 'money' || type === 'number' ? 'text' : type;
    const mode =
      type === 'money'
        ? html`inputmode="decimal" placeholder="0.00"`
        : type === 'number'
          ? html`inputmode="numeric"`
          : '';
    const auto = spec.autocomplete ? html`autocomplete="${spec.autocomplete}"` : '';
    control = html`<input type="${inputType}" ${attrs} value="${value}" ${mode} ${auto} />`;
  }
  return html`<div class="field${errors.length ? ' bad' : ''}">
    <label for="${id}">${label}${type === 'money' ? '（元）' : ''}</label>
    ${control}
    ${spec.hint && !errors.length ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
    ${errors.length ? html`<p class="error" id="${id}-error">${errors.join('；')}</p>` : ''}
  </div>`;
}

/** A password field (never shown again when the form comes back). */
export const passwordField = (
  name: string,
  label: string,
  autocomplete: string,
  f: FormState<unknown>,
  hint?: string,
) => field({ name, label, type: 'password', required: true, autocomplete, hint }, f);

/** A POST form with the session's token. */
export function form(action: string, csrf: string, fields: Html, submit = '下一步'): Html {
  return html`<form class="form" method="post" action="${action}" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}" />
    ${fields}
    <button type="submit">${submit}</button>
  </form>`;
}

/** "1,250.00 元" and, for confirmations, "人民币壹仟贰佰伍拾元整". */
export const yuan = (amount: string) => `${formatYuan(amount)} 元`;
export function yuanWithCapitals(amount: string): Html {
  let capitals = '';
  try {
    capitals = amountInCapitals(amount);
  } catch {
    /* a malformed figure shows as typed */
  }
  return html`${yuan(amount)} ${capitals && html`<span class="capitals">（${capitals}）</span>`}`;
}

/**
 * The confirmation step: what will be written, then "确认提交" (the same form again with `_confirm=1`)
 * or "返回修改" (back to the form with what was typed). Works with JavaScript off.
 */
export function confirmForm(
  action: string,
  csrf: string,
  values: Record<string, string>,
  rows: Array<[label: string, shown: string | Html]>,
  warning?: string,
): Html {
  const hidden = Object.entries(values).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`);
  return html`<div class="card">
    <p class="box warn">${warning ?? '请核对以下内容。确认后将写入台账，不能删除，只能更正。'}</p>
    <dl class="facts">${rows.map(([l, v]) => html`<dt>${l}</dt><dd>${v}</dd>`)}</dl>
    <form method="post" action="${action}">
      <input type="hidden" name="_csrf" value="${csrf}" />
      ${hidden}
      <button type="submit" name="_confirm" value="1">确认提交</button>
      <button type="submit" name="_back" value="1" class="secondary">返回修改</button>
    </form>
  </div>`;
}

/** The journal entry a write made: book and sequence number, linked to its page. */
export interface EntryRef {
  book: string;
  seq: number | string;
  href?: string;
}

/** After a write: what was done and the journal entry that records it. */
export function resultView(done: string, rows: Array<[label: string, shown: string | Html]>, entry?: EntryRef): Html {
  return html`<div class="card">
    <p class="box ok">${done}</p>
    <dl class="facts">
      ${rows.map(([l, v]) => html`<dt>${l}</dt><dd>${v}</dd>`)}
      ${
        entry &&
        html`<dt>台账记录</dt>
        <dd>账簿 <span class="mono">${entry.book}</span> 第 ${entry.seq} 条
          ${entry.href ? html` · <a href="${entry.href}">查看记录</a>` : ''}</dd>`
      }
    </dl>
  </div>`;
}

/** Keyset paging as the API pages: "下一页" carries the cursor; "第一页" drops it. */
export function pager(base: string, query: Record<string, string | undefined>, nextCursor: string | null): Html {
  const qs = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...extra })) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  return html`<p class="pager">
    ${query.cursor ? html`<a href="${qs({ cursor: undefined })}">« 第一页</a>` : ''}
    ${nextCursor ? html`<a href="${qs({ cursor: nextCursor })}">下一页 »</a>` : html`<span class="muted">已到最后一页</span>`}
  </p>`;
}
