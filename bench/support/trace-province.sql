-- A synthetic province for the trace benchmark: 10 cities × 10 counties, one central fund allocated down to
-- every county, 20 own funds per county, 300 projects per county (half on the central fund's county share),
-- 25 payments each, 100 assets per county with 20 income/distribution entries each: about 982,000 entries.
-- Rows are written straight into the journal tables (no hashing): the trace reads only postings and projections.
CREATE TEMP TABLE c AS
  SELECT n, '41' || lpad((n / 10 + 1)::text, 2, '0') || lpad((n % 10 + 1)::text, 2, '0') || '000000' AS code,
         '41' || lpad((n / 10 + 1)::text, 2, '0') || '00000000' AS city
    FROM generate_series(0, 99) n;

CREATE TEMP TABLE gp (book varchar(12), seq bigint, idx smallint, account text, fund_id uuid, amount bigint);

-- Province: the document, then one allocation per city.
INSERT INTO gp VALUES ('410000000000', 1, 0, 'source:central', md5('root')::uuid, -1000000000000),
                      ('410000000000', 1, 1, 'pool:410000000000', md5('root')::uuid, 1000000000000);
INSERT INTO gp SELECT '410000000000', 1 + i, x.idx, x.account, md5('root')::uuid, x.amount
  FROM generate_series(1, 10) i,
  LATERAL (VALUES (0::smallint, 'pool:410000000000', -10000000000::bigint),
                  (1::smallint, 'allocated:41' || lpad(i::text, 2, '0') || '00000000', 10000000000::bigint)) x(idx, account, amount);
-- Cities: the receipt, then one allocation per county.
INSERT INTO gp SELECT DISTINCT c.city, 1, x.idx, x.account, md5('cf' || c.city)::uuid, x.amount
  FROM c, LATERAL (VALUES (0::smallint, 'transfer:410000000000', -10000000000::bigint),
                          (1::smallint, 'pool:' || c.city, 10000000000::bigint)) x(idx, account, amount);
INSERT INTO gp SELECT c.city, 2 + c.n % 10, x.idx, x.account, md5('cf' || c.city)::uuid, x.amount
  FROM c, LATERAL (VALUES (0::smallint, 'pool:' || c.city, -1000000000::bigint),
                          (1::smallint, 'allocated:' || c.code, 1000000000::bigint)) x(idx, account, amount);
-- Counties: the receipt (seq 1), 20 own funds (seq 2–21).
INSERT INTO gp SELECT c.code, 1, x.idx, x.account, md5('kf' || c.code)::uuid, x.amount
  FROM c, LATERAL (VALUES (0::smallint, 'transfer:' || c.city, -1000000000::bigint),
                          (1::smallint, 'pool:' || c.code, 1000000000::bigint)) x(idx, account, amount);
INSERT INTO gp SELECT c.code, 2 + j, x.idx, x.account, md5('own' || c.code || j)::uuid, x.amount
  FROM c, generate_series(0, 19) j,
  LATERAL (VALUES (0::smallint, 'source:county', -1000000000::bigint), (1::smallint, 'pool:' || c.code, 1000000000::bigint)) x(idx, account, amount);

CREATE TEMP TABLE pj AS
  SELECT c.code, c.city, p, md5('p' || c.code || p)::uuid AS id, 22 + p * 26 AS seq,
         CASE WHEN p % 2 = 0 THEN md5('kf' || c.code)::uuid ELSE md5('own' || c.code || (p % 20))::uuid END AS fund
    FROM c, generate_series(0, 299) p;
-- Commitments, then 25 payments of each project.
INSERT INTO gp SELECT code, seq, x.idx, x.account, fund, x.amount FROM pj,
  LATERAL (VALUES (0::smallint, 'pool:' || code, -10000::bigint), (1::smallint, 'project:' || id, 10000::bigint)) x(idx, account, amount);
INSERT INTO gp SELECT code, seq + k, x.idx, x.account, fund, x.amount FROM pj, generate_series(1, 25) k,
  LATERAL (VALUES (0::smallint, 'project:' || id, -100::bigint),
                  (1::smallint, 'payee:contractor.' || md5('payee' || (p + k) % 50), 100::bigint)) x(idx, account, amount);
-- Assets of the even projects (on the central fund's share): income and distributions.
CREATE TEMP TABLE ast AS
  SELECT code, a, md5('a' || code || a)::uuid AS id, md5('p' || code || (2 * a))::uuid AS project, md5('kf' || code)::uuid AS fund
    FROM c, generate_series(0, 99) a;
INSERT INTO gp SELECT code, 22 + 300 * 26 + a * 20 + m, x.idx, x.account, id, x.amount FROM ast, generate_series(0, 19) m,
  LATERAL (SELECT * FROM (VALUES
    (0::smallint, 'operation:' || id, -500::bigint, 0), (1::smallint, 'asset-income:' || id, 500::bigint, 0),
    (0::smallint, 'asset-income:' || id, -400::bigint, 1),
    (1::smallint, 'payee:household.' || md5('h' || code || a)::uuid, 400::bigint, 1)) v(idx, account, amount, odd)
    WHERE odd = m % 2) x;

INSERT INTO journal_posting (book, seq, idx, account, fund_id, amount, occurred_on)
  SELECT book, seq, idx, account, fund_id, amount, date '2024-01-01' + (seq / 20)::int FROM gp;
INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, body, prev_hash, hash)
  SELECT book, seq, 'bench', date '2024-01-01' + (seq / 20)::int, now(), 'bench',
         coalesce(array_agg(account) FILTER (WHERE account LIKE 'project:%'), '{}'), '\x7b7d'::bytea,
         decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex')
    FROM gp GROUP BY book, seq;

-- Projections: funds, projects, funding lines, payments, assets.
INSERT INTO fund (id, book, region_code, doc_no, title, source_level, amount, issued_on, year, parent_fund_id, entry_seq)
  VALUES (md5('root')::uuid, '410000000000', '410000000000', '财农〔2024〕1号', '中央衔接资金', 'central', 1000000000000, '2024-01-01', 2024, NULL, 1);
INSERT INTO fund SELECT DISTINCT md5('cf' || city)::uuid, city, city, '市〔2024〕' || city, '中央衔接资金', 'central', 10000000000, date '2024-01-01', 2024, NULL, md5('root')::uuid, 1 FROM c;
INSERT INTO fund SELECT md5('kf' || code)::uuid, code, code, '县〔2024〕' || code, '中央衔接资金', 'central', 1000000000, date '2024-01-01', 2024, NULL, md5('cf' || city)::uuid, 1 FROM c;
INSERT INTO fund SELECT md5('own' || code || j)::uuid, code, code, '本级〔2024〕' || code || '-' || j, '县级资金', 'county', 1000000000, date '2024-01-01', 2024, NULL, NULL, 2 + j FROM c, generate_series(0, 19) j;
INSERT INTO project (id, book, region_code, name, category, content, budget, self_funded, performance_goal, poverty_linkage,
                     beneficiary_households, beneficiary_persons, implementing_unit, responsible_person, status, applied_on,
                     year, last_step_on, entry_seq)
  SELECT id, code, code, '项目' || p, '产业发展', '-', 10000, 0, '-', '-', 1, 1, '-', '-', 'started', '2024-01-01', 2024, '2024-01-01', seq FROM pj;
INSERT INTO project_funding (project_id, fund_id, committed_seq, position, committed) SELECT id, fund, seq, 0, 10000 FROM pj;
INSERT INTO disbursement (id, project_id, book, kind, amount, paid_on, payee_name, payee_type, payee_key, voucher_no, funding, entry_seq)
  SELECT md5('d' || code || p || '-' || k)::uuid, id, code, 'progress', 100, date '2024-01-01' + ((seq + k) / 20)::int,
         '承建单位' || (p + k) % 50, 'contractor', 'contractor.x', 'V' || p || '-' || k, '[]', seq + k
    FROM pj, generate_series(1, 25) k;
INSERT INTO disbursement_payee_account SELECT md5('d' || code || p || '-' || k)::uuid, '62284800' || lpad(((p * 25 + k))::text, 8, '0')
  FROM pj, generate_series(1, 25) k;
INSERT INTO asset (id, book, asset_no, project_id, name, asset_class, location, value, registered_on, owner_type, custodian,
                   beneficiary_households, beneficiary_persons, status, last_step_on, entry_seq)
  SELECT id, code, 'ZC' || code || '-' || a, project, '资产' || a, 'operating', code, 2000, '2024-06-01', 'village_collective', '-', 1, 1,
         'in_use', '2024-06-01', 22 + 300 * 26 + a * 20 FROM ast;
INSERT INTO asset_funding SELECT id, fund, project, 0, 2000 FROM ast;
ANALYZE;
