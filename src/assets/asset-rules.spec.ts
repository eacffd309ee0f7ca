import { DomainError } from '../common/errors/domain-error';
import { parseAppConfig } from '../config/app.config';
import { ASSET_CLASSES, OWNER_TYPES } from './asset.entities';
import { assertApprovalOrder, assertOwnershipAllowed, OWNERSHIP_RULES } from './asset-rules';
import type { DisposeAssetDto } from './dto/asset.dto';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
};

describe('asset rules', () => {
  it('allows exactly the ownership combinations of DOMAIN.md', () => {
    const allowed = ASSET_CLASSES.flatMap((c) =>
      OWNER_TYPES.filter((o) => codeOf(() => assertOwnershipAllowed(c, o)) === undefined).map((o) => `${c}→${o}`),
    );
    expect(allowed).toEqual([
      'operating→village_collective',
      'operating→household',
      'public_welfare→village_collective',
      'public_welfare→department',
      'household→household',
    ]);
    expect(codeOf(() => assertOwnershipAllowed('household', 'township'))).toBe('OWNERSHIP_NOT_ALLOWED');
    expect(Object.keys(OWNERSHIP_RULES)).toEqual([...ASSET_CLASSES]);
  });

  it('needs village assembly ≤ township ≤ county ≤ disposal; equal dates are fine', () => {
    const ok = {
      villageAssemblyOn: '2025-01-01',
      townshipApprovedOn: '2025-01-01',
      countyApprovedOn: '2025-01-02',
      disposedOn: '2025-01-02',
    } as DisposeAssetDto;
    expect(codeOf(() => assertApprovalOrder(ok))).toBeUndefined();
    for (const bad of [
      { townshipApprovedOn: '2024-12-31' },
      { countyApprovedOn: '2024-12-31' },
      { disposedOn: '2025-01-01' },
    ]) {
      expect(codeOf(() => assertApprovalOrder({ ...ok, ...bad }))).toBe('APPROVAL_ORDER');
    }
  });

  it('ASSET_PRIORITY_CHECK is warn by default, off when told, and nothing else', () => {
    expect(parseAppConfig({}).assetPriorityCheck).toBe('warn');
    expect(parseAppConfig({ ASSET_PRIORITY_CHECK: 'off' }).assetPriorityCheck).toBe('off');
    expect(() => parseAppConfig({ ASSET_PRIORITY_CHECK: 'strict' })).toThrow(/ASSET_PRIORITY_CHECK/);
  });
});
