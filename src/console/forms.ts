import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { forbiddenTextIn } from '../common/validation/plain-text';

export type FieldErrors = Record<string, string[]>;

/** A submitted form: what was typed (shown again as typed), the errors by field, and the DTO once valid. */
export interface FormState<T> {
  values: Record<string, string>;
  errors: FieldErrors;
  dto?: T;
}

export const emptyForm = <T>(values: Record<string, string> = {}): FormState<T> => ({ values, errors: {} });

/** Messages of class-validator's own decorators, by constraint name; ours are bilingual already. */
const CONSTRAINT_ZH: Record<string, string> = {
  isString: '请填写文字',
  isNotEmpty: '此项必填',
  isDefined: '此项必填',
  length: '长度不符合要求',
  maxLength: '内容过长',
  minLength: '内容过短',
  isIn: '请从列表中选择',
  isEnum: '请从列表中选择',
  isInt: '请填写整数',
  min: '数值过小',
  max: '数值过大',
  isUuid: '编号格式错误',
  isBoolean: '请选择是或否',
  whitelistValidation: '不允许的字段',
  matches: '格式不正确',
};

/** The Chinese part of an API message: "… (中文)" or "… / 中文"; a message all in Chinese as it is. */
export function chineseMessage(message: string): string {
  const slash = message.lastIndexOf(' / ');
  if (slash >= 0) return message.slice(slash + 3);
  const paren = /[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$/.exec(message);
  if (paren) return paren[1];
  return /[\u4e00-\u9fff]/.test(message) ? message : '输入不正确';
}

function collect(errors: ValidationError[], out: FieldErrors, parent = ''): void {
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const [name, message] of Object.entries(e.constraints ?? {})) {
      const zh = /[\u4e00-\u9fff]/.test(message) ? chineseMessage(message) : (CONSTRAINT_ZH[name] ?? '输入不正确');
      const list = (out[field] ??= []);
      if (!list.includes(zh)) list.push(zh);
    }
    collect(e.children ?? [], out, field);
  }
}

export interface ReadFormOptions {
  /** Fields typed as yuan: "1,250.5" is read as "1250.5" (the separators people type are not an error). */
  money?: string[];
  /** Builds the DTO's shape (nested objects, numbers, arrays) from the flat fields; errors keep dotted names. */
  shape?: (input: Record<string, string>) => object;
}

/**
 * Validates a form with the API's DTO: fields starting with `_` (the token, the confirm step) are the
 * form's own; empty fields count as not given; unknown fields are refused as by the API.
 */
export async function readForm<T extends object>(
  Dto: ClassConstructor<T>,
  body: Record<string, string>,
  options: ReadFormOptions = {},
): Promise<FormState<T>> {
  const values: Record<string, string> = {};
  const input: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('_')) continue;
    values[k] = v;
    const typed = options.money?.includes(k) ? v.replace(/[,，\s]/g, '') : v.trim();
    if (typed !== '') input[k] = typed;
  }
  const errors: FieldErrors = {};
  for (const bad of forbiddenTextIn(input)) (errors[bad.field] ??= []).push('含有不允许的控制字符');
  if (Object.keys(errors).length > 0) return { values, errors };
  const dto = plainToInstance(Dto, options.shape ? options.shape(input) : input, { enableImplicitConversion: false });
  collect(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }), errors);
  return Object.keys(errors).length > 0 ? { values, errors } : { values, errors, dto };
}

/** Adds an error to a field (a rule the DTO cannot see, or a DomainError about one field). */
export function withError<T>(form: FormState<T>, field: string, message: string): FormState<T> {
  return { values: form.values, errors: { ...form.errors, [field]: [...(form.errors[field] ?? []), message] } };
}

/** The confirm step: the second submit carries `_confirm=1`; "返回修改" carries `_back=1`. */
export const isConfirmed = (body: Record<string, string>) => body._confirm === '1' && body._back !== '1';
export const isBack = (body: Record<string, string>) => body._back === '1';
