import { ApiProperty } from '@nestjs/swagger';

/** A notice published for the project (三公示), newest last; a corrected one names its correction. */
export class ProjectNoticeDto {
  id: string;
  @ApiProperty({ enum: ['application', 'approval', 'completion', 'announcement'] })
  type: string;
  title: string;
  periodStart: string;
  periodEnd: string | null;
  contentHash: string;
  seq: number;
  correctedByNoticeId: string | null;
  pdfUrl: string;
}

/** An asset the project left behind (资产形成). */
export class ProjectAssetDto {
  id: string;
  assetNo: string;
  name: string;
  @ApiProperty({ enum: ['operating', 'public_welfare', 'household'] })
  assetClass: string;
  value: string;
  status: string;
}
