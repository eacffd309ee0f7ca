/**
 * `npm run demo` also runs a witness for the demo county's audit bureau (郾城区审计局), in this process, so the
 * demo's checkpoints carry its cosignature and the verify page names it (docs/witness.md).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AppConfig } from '../config/app.config';
import { SigningKeyService } from '../journal/checkpoints/signing-key.service';
import { logVkey } from '../journal/witnesses/checkpoint-note';
import { startWitness } from '../witness/start-witness';
import { parseLogKeys, witnessKeyFrom } from '../witness/witness-config';
import { createWitnessServer } from '../witness/witness-server';
import { DEMO_REGIONS } from './demo-regions';

export const DEMO_WITNESS_NAME = 'audit.yancheng.example/w1';
export const DEMO_WITNESS_DISPLAY = '郾城区审计局';

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
}

/** Starts the witness over DATA_DIR/witness; returns the WITNESSES entry for the county's service. */
export async function startDemoWitness(config: AppConfig, log: (line: string) => void) {
  // The county key the service is about to use (SIGNING_KEY or DATA_DIR/signing-key.pem, generated if missing).
  const countyKey = new SigningKeyService(config).publicKey;
  const books = DEMO_REGIONS.filter((r) => r.code.endsWith('000000')).map((r) => r.code);
  const dir = join(config.dataDir, 'witness');
  const started = await startWitness({
    port: 0,
    name: DEMO_WITNESS_NAME,
    dir,
    privateKey: witnessKeyFrom({}, dir),
    logs: parseLogKeys(books.map((b) => logVkey(b, countyKey)).join('\n')),
  });
  const server = createWitnessServer(started.witness, log);
  // WITNESS_PORT (default 3100) when free, else any free port: the demo must start on a busy machine too.
  await listen(server, Number(process.env.WITNESS_PORT ?? 3100)).catch(() => listen(server, 0));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  log(`demo witness ${DEMO_WITNESS_DISPLAY} at ${url}, verifier key ${started.witness.vkey}`);
  return {
    setting: `${started.witness.vkey} ${url} ${DEMO_WITNESS_DISPLAY}`,
    close: async () => {
      await new Promise((r) => server.close(r));
      await started.close();
    },
  };
}
