import { isUuid } from './uuid';

describe('isUuid', () => {
  it('accepts a UUID as PostgreSQL prints it and nothing else', () => {
    expect(isUuid('0b6a3c4e-1f2d-4a5b-8c9d-0e1f2a3b4c5d')).toBe(true);
    expect(isUuid('0B6A3C4E-1F2D-4A5B-8C9D-0E1F2A3B4C5D')).toBe(false);
    expect(isUuid('0b6a3c4e1f2d4a5b8c9d0e1f2a3b4c5d')).toBe(false);
    expect(isUuid(' 0b6a3c4e-1f2d-4a5b-8c9d-0e1f2a3b4c5d')).toBe(false);
    expect(isUuid('1')).toBe(false);
  });
});
