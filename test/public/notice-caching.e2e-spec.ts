import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { strongEtag } from '../../src/common/http/http-cache';
import { NoticePdfService } from '../../src/notices/notice-pdf.service';
import { NoticesReadService } from '../../src/notices/notices-read.service';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** supertest leaves a PDF as a Buffer only when told to collect the bytes. */
const bytes = (res: Response): Buffer => res.body as Buffer;
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('notice-day caching: ETag, Cache-Control and 304 on published notices, pages and proofs', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let projectId: string;
  let notice: { id: string; book: string; seq: number };
  const pdf = (id: string, etag?: string) => {
    const req = t
      .http()
      .get(`/api/v1/notices/${id}/pdf`)
      .buffer(true)
      .parse(binary as never);
    return etag ? req.set('If-None-Match', etag) : req;
  };
  const page = (id: string, etag?: string) => {
    const req = t.http().get(`/public/notices/${id}`);
    return etag ? req.set('If-None-Match', etag) : req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    projectId = await d.apply();
    notice = await d.notice(projectId, 'application');
  });
  afterAll(() => t.close());

  it('a published PDF: immutable, strong ETag of its bytes, 304 when the client holds them', async () => {
    const first = await pdf(notice.id).expect(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['cache-control']).toBe(IMMUTABLE);
    expect(first.headers['content-disposition']).toContain(`notice-${notice.id}.pdf`);
    expect(first.headers.etag).toBe(strongEtag(bytes(first)));
    expect(first.headers.etag).not.toMatch(/^W\//);

    const again = await pdf(notice.id).expect(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(bytes(again).equals(bytes(first))).toBe(true);

    const cached = await pdf(notice.id, first.headers.etag).expect(304);
    expect(bytes(cached).length).toBe(0);
    expect(cached.headers.etag).toBe(first.headers.etag);
    // A proxy may weaken the tag; a list may hold it; `*` matches anything.
    await pdf(notice.id, `"other", W/${first.headers.etag}`).expect(304);
    await pdf(notice.id, '*').expect(304);
    await pdf(notice.id, '"something-else"').expect(200);
  });

  it('the cached PDF is byte-identical to a fresh render (every instance: same bytes, same ETag)', async () => {
    const served = bytes(await pdf(notice.id).expect(200));
    const reader = t.app.get(NoticesReadService);
    const row = await reader.row(notice.id);
    const fresh = await t.app.get(NoticePdfService).render(await reader.content(row.contentHash), reader.seal(row));
    expect(fresh.equals(served)).toBe(true);
  });

  it('concurrent first requests share one render and all get the same bytes', async () => {
    const other = await d.notice(await d.apply(), 'application');
    const render = jest.spyOn(t.app.get(NoticePdfService), 'render');
    const answers = await Promise.all(Array.from({ length: 8 }, () => pdf(other.id).expect(200)));
    await pdf(other.id).expect(200);
    expect(render).toHaveBeenCalledTimes(1);
    render.mockRestore();
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
    expect(answers.every((a) => bytes(a).equals(bytes(answers[0])))).toBe(true);
  });

  it('an unknown notice: 404 without ETag or a cache lifetime', async () => {
    const res = await t.http().get(`/api/v1/notices/${randomUUID()}/pdf`).expect(404);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
    const missing = await page(randomUUID()).expect(404);
    expect(missing.headers.etag).toBeUndefined();
    expect(missing.headers['cache-control']).toBe('no-cache');
  });

  it('the notice page changes (objections, a correction): short max-age, its ETag moves, never stale', async () => {
    const id = await d.apply();
    const original = await d.notice(id, 'application'); // 2024-02-01 to 02-08
    const first = await page(original.id).expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    expect(first.headers.etag).toBe(strongEtag(first.text));
    await page(original.id, first.headers.etag).expect(304);
    const pdfBefore = bytes(await pdf(original.id).expect(200));

    const summary = '公示名单中有已迁出本村的家庭';
    const oid = (
      await t
        .http()
        .post(`/api/v1/notices/${original.id}/objections`)
        .set('X-Forwarded-For', '10.9.0.1')
        .send({ summary, receivedOn: '2024-02-03' })
        .expect(201)
    ).body.id as string;
    const objected = await page(original.id, first.headers.etag).expect(200);
    expect(objected.headers.etag).not.toBe(first.headers.etag);
    expect(objected.text).toContain(summary);
    // Unchanged since: the same bytes again (from this instance's rendered pages).
    const same = await page(original.id).expect(200);
    expect(same.text).toBe(objected.text);
    expect(same.headers.etag).toBe(objected.headers.etag);

    const resolution = '经村民代表会议核实,该户已迁出,名单已更正';
    await d.post(
      'village',
      `/api/v1/notices/${original.id}/objections/${oid}/resolve`,
      { resolution, resolvedOn: '2024-02-05' },
      200,
    );
    const resolved = await page(original.id, objected.headers.etag).expect(200);
    expect(resolved.text).toContain(resolution);

    const correction = await d.notice(id, 'application', {
      periodStart: '2024-02-04',
      periodEnd: '2024-02-12',
      correctsNoticeId: original.id,
    });
    const corrected = await page(original.id, resolved.headers.etag).expect(200);
    expect(corrected.text).toContain(`/public/notices/${correction.id}`);
    // The published PDF itself never changes: the correction is a notice of its own.
    const pdfAfter = await pdf(original.id).expect(200);
    expect(bytes(pdfAfter).equals(pdfBefore)).toBe(true);
    expect(pdfAfter.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('the exact published bytes (content.json, entry.json) are immutable with the ETag of their bytes', async () => {
    for (const file of ['content.json', 'entry.json']) {
      const res = await t
        .http()
        .get(`/public/notices/${notice.id}/${file}`)
        .buffer(true)
        .parse(binary as never)
        .expect(200);
      expect(res.headers['cache-control']).toBe(IMMUTABLE);
      expect(res.headers.etag).toBe(strongEtag(bytes(res)));
      await t.http().get(`/public/notices/${notice.id}/${file}`).set('If-None-Match', res.headers.etag).expect(304);
    }
  });

  it('an inclusion proof at a fixed size: ETag and a short lifetime; the latest one is revalidated', async () => {
    await d.post('finance', '/api/v1/ledger/checkpoints', { book: COUNTY }, 201);
    const latest = await t.http().get(`/api/v1/ledger/proofs/inclusion?book=${COUNTY}&seq=${notice.seq}`).expect(200);
    expect(latest.headers['cache-control']).toBe('no-cache');
    expect(latest.headers['content-type']).toBe('application/json; charset=utf-8');
    const size = latest.body.treeSize as number;
    const url = `/api/v1/ledger/proofs/inclusion?book=${COUNTY}&seq=${notice.seq}&size=${size}`;
    const fixed = await t.http().get(url).expect(200);
    expect(fixed.headers['cache-control']).toBe('public, max-age=60');
    expect(fixed.headers.etag).toBe(strongEtag(fixed.text));
    expect(fixed.body).toMatchObject({ book: COUNTY, seq: notice.seq, treeSize: size });
    await t.http().get(url).set('If-None-Match', fixed.headers.etag).expect(304);
    // A witness cosigns late: the proof is kept in memory, the cosignatures beside it are read each time.
    await t.db.query(
      `INSERT INTO checkpoint_cosignature (book, tree_size, witness, key_id, "timestamp", signature)
       VALUES ($1, $2, 'late-witness', '0a0b0c0d', 1767225600, $3)`,
      [COUNTY, size, Buffer.alloc(72, 1).toString('base64')],
    );
    const cosigned = await t.http().get(url).set('If-None-Match', fixed.headers.etag).expect(200);
    expect(cosigned.body.checkpoint.cosignatures.map((c: { name: string }) => c.name)).toEqual(['late-witness']);
    expect(fixed.body.checkpoint.cosignatures).toEqual([]);
    expect({ ...cosigned.body, checkpoint: null }).toEqual({ ...fixed.body, checkpoint: null });
    // A bad query is still a 400 in the documented shape, never cached.
    const bad = await t.http().get(`/api/v1/ledger/proofs/inclusion?book=${COUNTY}&seq=0&size=${size}`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.headers.etag).toBeUndefined();
  });
});
