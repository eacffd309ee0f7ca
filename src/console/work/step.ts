import type { ClassConstructor } from 'class-transformer';
import { DomainError } from '../../common/errors/domain-error';
import { domainErrorFromPg } from '../../common/errors/pg-error';
import { Html, html } from '../../public/html';
import type { ConsoleContext } from '../console-context';
import {
  chineseMessage,
  emptyForm,
  type FieldErrors,
  type FormState,
  isBack,
  isConfirmed,
  readForm,
  withError,
} from '../forms';
import { consolePage } from '../layout';
import { confirmForm, type EntryRef, field, form, resultView } from '../views/form.view';
import { compactRows, nested } from './shape';

export type Row = [label: string, shown: string | Html];

/** What a write answered: the rows of the result page and the journal entry it made. */
export interface Done {
  message: string;
  rows: Row[];
  entry?: EntryRef;
  /** Where to go next (links under the result). */
  next?: Html;
}

/**
 * One write of the console as data: the API's DTO, the fields, the confirmation rows and the service
 * call. `X` is what the page is about (a project, an asset, a notice …), loaded before the step.
 */
export interface Step<T extends object, X> {
  title: string;
  Dto: ClassConstructor<T>;
  /** Fields typed as yuan (dotted names for repeated rows). */
  money?: string[];
  /** Fields read as integers (`beneficiaries.households`; `items.*.n` for every row). */
  ints?: string[];
  /** Prefixes of repeated rows (empty rows dropped, the rest numbered from 0). */
  rows?: string[];
  /** Values the page sets, not the user (the project's id): laid over what was posted. */
  fixed?: (x: X) => Record<string, string>;
  /** Values before anything is typed (today's date, the project's region …). */
  defaults?: (x: X, ctx: ConsoleContext) => Record<string, string>;
  fields: (f: FormState<unknown>, x: X, ctx: ConsoleContext) => Html;
  /** Above the form: what the step is about. */
  intro?: (x: X) => Html;
  /**
   * When the service's rule refuses the step for X as it stands (a project past the state it needs): the notice
   * shown instead of the form, so that nobody fills in a form only to be refused at the end.
   */
  closed?: (x: X) => Html | undefined;
  /** A rule the DTO cannot see, checked before the confirmation: [field, 中文原因]. */
  check?: (dto: T, x: X) => Array<[string, string]>;
  confirm: (dto: T, values: Record<string, string>, x: X, ctx: ConsoleContext) => Row[] | Promise<Row[]>;
  warning?: string;
  run: (dto: T, x: X, ctx: ConsoleContext) => Promise<Done>;
  /** The field a refusal of the service is about (by error code), else it is shown above the form. */
  errorField?: (e: DomainError, dto: T) => string | undefined;
  /** The step's first field, for a refusal that names no field. */
  dateField?: string;
}

export interface StepPage {
  status: number;
  page: string;
}

/** The page of a step: title, what it is about, and the body (form, confirmation or result). */
export function stepPage<T extends object, X>(
  ctx: ConsoleContext,
  step: Step<T, X>,
  x: X,
  body: Html,
  back?: string,
): string {
  return consolePage(
    ctx,
    step.title,
    html`<h1>${step.title}</h1>
      ${step.intro ? step.intro(x) : ''} ${body} ${back ? html`<p><a href="${back}">返回</a></p>` : ''}`,
  );
}

export function formView<T extends object, X>(
  ctx: ConsoleContext,
  action: string,
  step: Step<T, X>,
  x: X,
  f: FormState<unknown>,
  problem?: string,
): Html {
  const fields = step.fields(f, x, ctx);
  // Errors about no field on the form (a list left empty …) are said above it, so none goes unseen.
  const unplaced = Object.entries(f.errors)
    .filter(([k]) => !fields.text.includes(`name="${k}"`))
    .flatMap(([, list]) => list);
  return html`<div class="card">
    ${problem ? html`<p class="box bad" role="alert">${problem} ${unplaced.join('；')}</p>` : ''}
    ${form(action, ctx.csrf, fields)}
  </div>`;
}

/** GET: the empty form with its defaults, or the notice of why the step cannot be done now. */
export function showStep<T extends object, X>(
  ctx: ConsoleContext,
  action: string,
  step: Step<T, X>,
  x: X,
  back?: string,
): string {
  const closed = step.closed?.(x);
  if (closed) return consolePage(ctx, step.title, html`<h1>${step.title}</h1>${closed}`);
  const f = emptyForm(step.defaults?.(x, ctx) ?? {});
  return stepPage(ctx, step, x, formView(ctx, action, step, x, f), back);
}

/**
 * POST: validate with the DTO (errors beside the fields, values kept) → confirmation → write → the
 * result with its journal entry. A refusal of the service shows the form again with its reason.
 */
export async function runStep<T extends object, X>(
  ctx: ConsoleContext,
  action: string,
  step: Step<T, X>,
  x: X,
  raw: Record<string, string>,
  back?: string,
): Promise<StepPage> {
  let body = { ...raw, ...step.fixed?.(x) };
  for (const prefix of step.rows ?? []) body = compactRows(body, prefix);
  let f: FormState<T> = plainer(await readForm(step.Dto, body, { money: step.money, shape: nested(step.ints) }));
  if (f.dto && step.check) for (const [k, why] of step.check(f.dto, x)) f = withError(f, k, why);
  const again = (g: FormState<unknown>, status = 400, problem?: string): StepPage => ({
    status,
    page: stepPage(ctx, step, x, formView(ctx, action, step, x, g, problem), back),
  });
  if (isBack(body)) return again({ values: f.values, errors: {} }, 200);
  if (!f.dto || Object.keys(f.errors).length) return again(f, 400, '请按提示修改后再提交。');
  if (!isConfirmed(body)) {
    const rows = await step.confirm(f.dto, f.values, x, ctx);
    const confirm = confirmForm(action, ctx.csrf, f.values, rows, step.warning);
    return { status: 200, page: stepPage(ctx, step, x, confirm, back) };
  }
  try {
    const done = await step.run(f.dto, x, ctx);
    const result = html`${resultView(done.message, done.rows, done.entry)}${done.next ?? ''}`;
    return { status: 200, page: stepPage(ctx, step, x, result) };
  } catch (e) {
    const d = e instanceof DomainError ? e : domainErrorFromPg(e);
    if (!d) throw e;
    const named = step.errorField?.(d, f.dto);
    // Access refusals are the 403/404 pages; other refusals come back beside the field they are about.
    if (!named && ['FORBIDDEN', 'OUT_OF_SCOPE', 'NOT_FOUND', 'UNAUTHENTICATED'].includes(d.code)) throw e;
    const reason = chineseMessage(d.message);
    const field = named ?? (/DATE|NOTICE|OBJECTION/.test(d.code) ? step.dateField : undefined);
    if (field) return again(withError(f, field, reason), 422, '未能办理：' + reason);
    return again({ values: f.values, errors: {} }, 422, '未能办理：' + reason);
  }
}

/** Steps of different DTOs in one table (the program office's steps by path segment). */
export type SomeStep<X> = Step<object, X>;
export const erase = <T extends object, X>(s: Step<T, X>) => s as unknown as SomeStep<X>;

/** A required choice from named values (`{ full: '有劳动能力' }`) or [value, label] pairs. */
export const choose = (
  name: string,
  label: string,
  names: Record<string, string> | Array<[string, string]>,
  f: FormState<unknown>,
) =>
  field(
    { name, label, type: 'select', required: true, options: Array.isArray(names) ? names : Object.entries(names) },
    f,
  );

/**
 * One reason a clerk can act on: an empty field is "此项必填" (not every rule it fails), a number that is
 * not one is "请填写整数" (not also "too small, too large").
 */
function plainer<T>(f: FormState<T>): FormState<T> {
  const errors: FieldErrors = {};
  for (const [k, list] of Object.entries(f.errors)) {
    if (!(k in f.values)) {
      // A nested object left out entirely (both 带贫户数 and 人数 empty): the reason goes to its empty fields.
      const parts = Object.keys(f.values).filter((v) => v.startsWith(`${k}.`) && f.values[v].trim() === '');
      for (const v of parts) errors[v] = ['此项必填'];
      if (!parts.length) errors[k] = list;
      continue;
    }
    const empty = f.values[k].trim() === '';
    errors[k] = empty ? ['此项必填'] : list.includes('请填写整数') ? ['请填写整数'] : list;
  }
  return { ...f, errors };
}
