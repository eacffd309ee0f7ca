import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { businessToday, isCalendarDate } from '../../common/business-date';
import { PageDto, PageQuery } from '../../common/pagination';
import { IsRegionCode } from '../../common/validation/decorators';
import { NOTICE_TYPES, type NoticeContent, type NoticeType } from '../notice-content';

/** How far ahead a notice may be dated: it may be posted on the board tomorrow, not next year. */
export const NOTICE_MAX_DAYS_AHEAD = 30;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A calendar date; a notice's period may lie ahead (up to NOTICE_MAX_DAYS_AHEAD for its start). */
function IsNoticeDate(maxAhead?: number) {
  return ValidateBy({
    name: 'isNoticeDate',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'string' &&
        isCalendarDate(v) &&
        (maxAhead === undefined || v <= addDays(businessToday(), maxAhead)),
      defaultMessage: (a) =>
        `${a?.property} must be a date YYYY-MM-DD` +
        (maxAhead === undefined ? '' : ` at most ${maxAhead} days ahead`) +
        ' (日期格式 YYYY-MM-DD)',
    },
  });
}

export class HotlineDto {
  /** The local supervision number (e.g. the county's 0395-…); the national 12317 is added. */
  @IsString()
  @Matches(/^[0-9()+\- ]{3,30}$/, { message: '$property must be a telephone number (监督电话)' })
  local: string;
}

export class PublishNoticeDto {
  @ApiProperty({ enum: NOTICE_TYPES })
  @IsIn(NOTICE_TYPES)
  type: NoticeType;

  /** Required for application, approval and completion notices. */
  @IsOptional()
  @IsUUID()
  projectId?: string;

  /** The county of an announcement. */
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  /** First day on the board; may be up to 30 days ahead. */
  @ApiProperty({ type: String, format: 'date', example: '2024-02-01' })
  @IsNoticeDate(NOTICE_MAX_DAYS_AHEAD)
  periodStart: string;

  /** Last day on the board (not for announcements, which stay up). */
  @ApiPropertyOptional({ type: String, format: 'date', example: '2024-02-08' })
  @IsOptional()
  @IsNoticeDate()
  periodEnd?: string;

  @ApiPropertyOptional({ type: HotlineDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => HotlineDto)
  hotline?: HotlineDto;

  /** Issuing unit, e.g. "后街村村民委员会" (谁分配、谁使用、谁公开). */
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  issuer: string;

  /** The notice this one corrects: same type and project; the correction then replaces it. */
  @IsOptional()
  @IsUUID()
  correctsNoticeId?: string;

  /** Announcements: the year whose allocations are announced (default: the year of periodStart). */
  @ApiPropertyOptional({ type: Number, example: 2024 })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class PublishedNoticeDto {
  id: string;
  contentHash: string;
  book: string;
  seq: number;
  /** /api/v1/notices/:id/pdf */
  pdfUrl: string;
  /** <publicBaseUrl>/public/verify/:id */
  verifyUrl: string;
}

export class PreviewNoticeQuery {
  @ApiProperty({ enum: NOTICE_TYPES.filter((t) => t !== 'announcement') })
  @IsIn(NOTICE_TYPES.filter((t) => t !== 'announcement'))
  type: Exclude<NoticeType, 'announcement'>;

  /** Default: today. */
  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsNoticeDate(NOTICE_MAX_DAYS_AHEAD)
  periodStart?: string;

  /** Default: periodStart plus the minimum period of the type. */
  @ApiPropertyOptional({ type: String, format: 'date' })
  @IsOptional()
  @IsNoticeDate()
  periodEnd?: string;

  /** Default: the project's implementing unit. */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  issuer?: string;
}

export class ListNoticesQuery extends PageQuery {
  /** Notices of this region and everything under it. */
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: NOTICE_TYPES })
  @IsOptional()
  @IsIn(NOTICE_TYPES)
  type?: NoticeType;

  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class ObjectionViewDto {
  id: string;
  summary: string;
  receivedOn: string;
  @ApiProperty({ enum: ['open', 'resolved'] })
  status: 'open' | 'resolved';
  resolution?: string;
  resolvedOn?: string;
}

/** A notice as listed: everything but the content and objections. */
export class NoticeSummaryDto {
  id: string;
  @ApiProperty({ enum: NOTICE_TYPES })
  type: NoticeType;
  title: string;
  issuer: string;
  regionCode: string;
  /** Full name, e.g. "漯河市郾城区新店镇后街村". */
  regionName: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  projectId: string | null;
  periodStart: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  periodEnd: string | null;
  issuedOn: string;
  /** ISO instant of the `notice.published` entry. */
  publishedAt: string;
  book: string;
  seq: number;
  contentHash: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  correctsNoticeId: string | null;
  /** The correction that replaces this notice, if any. */
  @ApiPropertyOptional({ type: String, nullable: true })
  correctedBy: string | null;
  openObjections: number;
  pdfUrl: string;
  verifyUrl: string;
}

/** What the journal adds to a published notice: printed in the PDF footer and its QR code. */
export class NoticeSealDto {
  contentHash: string;
  book: string;
  /** The entry's seq, as a string. */
  seq: string;
  verifyUrl: string;
}

export class NoticeViewDto extends NoticeSummaryDto {
  /** The published content (NoticeContent in src/notices/notice-content.ts). */
  @ApiProperty({ type: Object })
  content: NoticeContent;
  @ApiProperty({ type: NoticeSealDto })
  seal: NoticeSealDto;
  @ApiProperty({ type: [ObjectionViewDto] })
  objections: ObjectionViewDto[];
}

export class NoticePageDto extends PageDto {
  @ApiProperty({ type: [NoticeSummaryDto] })
  items: NoticeSummaryDto[];
}

export class FileObjectionDto {
  /** What is wrong with the notice (at most 2 000 characters). */
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  summary: string;

  /** How to reach the person: personal data, never shown and never in the journal. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiProperty({ type: String, format: 'date', example: '2024-02-03' })
  @IsNoticeDate(0)
  receivedOn: string;
}

export class ResolveObjectionDto {
  /** The written resolution (处理意见), shown publicly. */
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  resolution: string;

  @ApiProperty({ type: String, format: 'date', example: '2024-02-06' })
  @IsNoticeDate(0)
  resolvedOn: string;
}

export class FiledObjectionDto {
  id: string;
  noticeId: string;
  book: string;
  seq: number;
  status: 'open' | 'resolved';
}
