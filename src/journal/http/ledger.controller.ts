import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../../auth/access.decorators';
import type { Actor } from '../../auth/role';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RegionCodePipe } from '../../regions/region-code.pipe';
import { CheckpointService, CheckpointView } from '../checkpoints/checkpoint.service';
import { PublicKeyView, SigningKeyService } from '../checkpoints/signing-key.service';
import {
  CheckpointRequestDto,
  ConsistencyQuery,
  EntriesQuery,
  EntryDto,
  InclusionQuery,
  ReverseEntryDto,
  VerifyReportDto,
} from '../dto/ledger.dto';
import { LedgerReadService } from './ledger-read.service';
import { CosigningService } from '../witnesses/cosigning.service';
import { IdempotencyKey } from '../../idempotency/idempotency-key.decorator';
import { REVALIDATE, sendCacheable, SHORT_LIVED } from '../../common/http/http-cache';

/**
 * A proof at a given size never changes, but the checkpoint beside it carries the witnesses'
 * cosignatures and current status, which do: cached briefly. Without a size it is the latest: revalidate.
 */
function sendProof(req: Request, res: Response, fixedSize: boolean, proof: unknown): void {
  sendCacheable(req, res, JSON.stringify(proof), {
    cacheControl: fixedSize ? SHORT_LIVED : REVALIDATE,
    type: 'application/json; charset=utf-8',
  });
}

@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(
    private readonly ledger: LedgerReadService,
    private readonly checkpoints: CheckpointService,
    private readonly key: SigningKeyService,
    private readonly cosigning: CosigningService,
  ) {}

  /** Entries of a book with postings and hashes, in seq order (auditors, finance, program office, admins). */
  @ApiBearerAuth()
  @Get('ledger/entries')
  @Roles('auditor', 'finance', 'admin', 'program')
  @ApiOperation({ summary: 'List the entries of a book with postings and hashes' })
  entries(@CurrentActor() actor: Actor, @Query() q: EntriesQuery): Promise<EntryDto[]> {
    return this.ledger.entries(actor, q.book, q.fromSeq ?? 1, q.limit ?? 100);
  }

  /** Re-hashes the whole book and checks every signed checkpoint; reports the first bad seq. */
  @ApiBearerAuth()
  @Get('ledger/verify')
  @Roles('auditor', 'finance', 'admin')
  @ApiOperation({ summary: 'Verify a book: re-hash it and check every signed checkpoint' })
  verify(@CurrentActor() actor: Actor, @Query() q: CheckpointRequestDto): Promise<VerifyReportDto> {
    return this.ledger.verify(actor, q.book);
  }

  /** Signs a checkpoint of the book now (they are also taken periodically). */
  @ApiBearerAuth()
  @Post('ledger/checkpoints')
  @Roles('finance', 'admin')
  @ApiOperation({ summary: 'Sign a checkpoint of a book now' })
  checkpoint(@CurrentActor() actor: Actor, @Body() dto: CheckpointRequestDto): Promise<CheckpointView> {
    return this.ledger.checkpoint(actor, dto.book);
  }

  /**
   * Corrects an entry with a reversal entry; the original stays. Once per entry. Finance keeps the
   * books; the program office corrects asset entries (income, distributions, disposals) only.
   */
  @ApiBearerAuth()
  @Post('entries/:book/:seq/reverse')
  @Roles('finance', 'program')
  @ApiOperation({ summary: 'Reverse a journal entry (once per entry; the original stays)' })
  reverse(
    @CurrentActor() actor: Actor,
    @Param('book', RegionCodePipe) book: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Body() dto: ReverseEntryDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<EntryDto> {
    return this.ledger.reverse(actor, book, seq, dto, idempotencyKey);
  }

  @Public()
  @RateLimit('public')
  @Get('ledger/public-key')
  @ApiOperation({ summary: "The county's public key that signs checkpoints" })
  publicKey(): PublicKeyView {
    return this.key.view();
  }

  /** The county's verifier key for the book's checkpoints, and its witnesses' keys and the quorum. */
  @Public()
  @RateLimit('public')
  @Get('ledger/witnesses')
  @ApiOperation({ summary: "The verifier key, the witnesses' keys and the quorum" })
  witnesses(@Query() q: CheckpointRequestDto) {
    return this.cosigning.roster(q.book);
  }

  /** The latest checkpoint, with its signed note (the county's and the witnesses' signature lines). */
  @Public()
  @RateLimit('public')
  @Get('ledger/checkpoints/latest')
  @ApiOperation({ summary: 'The latest signed checkpoint of a book' })
  latest(@Query() q: CheckpointRequestDto): Promise<CheckpointView> {
    return this.checkpoints.latest(q.book);
  }

  @Public()
  @RateLimit('public')
  @Get('ledger/proofs/inclusion')
  @ApiOperation({ summary: 'Inclusion proof of an entry in a checkpoint' })
  async inclusion(@Query() q: InclusionQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendProof(req, res, q.size !== undefined, await this.checkpoints.inclusion(q.book, q.seq, q.size));
  }

  @Public()
  @RateLimit('public')
  @Get('ledger/proofs/consistency')
  @ApiOperation({ summary: 'Consistency proof between two checkpoints' })
  async consistency(@Query() q: ConsistencyQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendProof(req, res, true, await this.checkpoints.consistency(q.book, q.from, q.to));
  }
}
