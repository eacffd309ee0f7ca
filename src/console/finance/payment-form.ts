import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { forbiddenTextIn } from '../../common/validation/plain-text';
import { CreateDisbursementDto } from '../../projects/dto/disbursement.dto';
import { chineseMessage, type FieldErrors, type FormState } from '../forms';

/** The form's flat fields and where each sits in the API's nested body. */
const PAYEE_FIELDS: Record<string, string> = {
  payeeName: 'name',
  payeeType: 'type',
  payeeAccountNo: 'accountNo',
  householdId: 'householdId',
};
const TOP_FIELDS = ['kind', 'amount', 'paidOn', 'fundId', 'voucherNo'];
const FIELD_OF_PATH: Record<string, string> = Object.fromEntries([
  ...TOP_FIELDS.map((f) => [f, f]),
  ...Object.entries(PAYEE_FIELDS).map(([flat, nested]) => [`payee.${nested}`, flat]),
  ['payee', 'payeeName'],
]);

function collect(errors: ValidationError[], out: FieldErrors, parent = ''): void {
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const field = FIELD_OF_PATH[path] ?? path;
    for (const message of Object.values(e.constraints ?? {})) {
      const zh = /[\u4e00-\u9fff]/.test(message) ? chineseMessage(message) : '此项填写不正确';
      const list = (out[field] ??= []);
      if (!list.includes(zh)) list.push(zh);
    }
    collect(e.children ?? [], out, path);
  }
}

/**
 * The payment form as the API's CreateDisbursementDto (its validation, unknown fields refused): the payee's
 * fields are flat in the form (payeeName …) and nested in the DTO. Amounts may be typed with separators.
 */
export async function readPaymentForm(body: Record<string, string>): Promise<FormState<CreateDisbursementDto>> {
  const values: Record<string, string> = {};
  const input: Record<string, unknown> = {};
  const payee: Record<string, string> = {};
  const errors: FieldErrors = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('_')) continue;
    values[k] = v;
    const typed = k === 'amount' ? v.replace(/[,，\s]/g, '') : v.trim();
    if (typed === '') continue;
    if (PAYEE_FIELDS[k]) payee[PAYEE_FIELDS[k]] = typed;
    else if (TOP_FIELDS.includes(k)) input[k] = typed;
    else errors[k] = ['不允许的字段'];
  }
  for (const bad of forbiddenTextIn(values)) (errors[bad.field] ??= []).push('含有不允许的控制字符');
  if (Object.keys(errors).length) return { values, errors };
  const dto = plainToInstance(CreateDisbursementDto, { ...input, payee }, { enableImplicitConversion: false });
  collect(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }), errors);
  return Object.keys(errors).length ? { values, errors } : { values, errors, dto };
}

/** Which field a payment refusal is about, by the service's error code. */
export const REFUSAL_FIELD: Record<string, string> = {
  ADVANCE_LIMIT_EXCEEDED: 'amount',
  OVER_COMMITMENT: 'amount',
  RETENTION_NOT_DUE: 'kind',
  UNKNOWN_FUND: 'fundId',
  ALREADY_EXISTS: 'voucherNo',
  HOUSEHOLD_NOT_ELIGIBLE: 'householdId',
  DATE_ORDER: 'paidOn',
  NOTICE_REQUIRED: 'kind',
  NOTICE_PERIOD_NOT_OVER: 'paidOn',
  OBJECTION_UNRESOLVED: 'kind',
  INVALID_STATE: 'kind',
  VALIDATION_FAILED: 'payeeName',
};
