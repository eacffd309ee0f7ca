import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { COUNTRY_CODE } from '../common/region-code';
import { RegionsService } from '../regions/regions.service';
import { assertInScope } from './scope';
import type { Actor, Role } from './role';
import { hashToken, newToken } from './token';
import { User } from './user.entity';
import type { CreatedUserDto, CreateUserDto } from './dto/create-user.dto';

/** How long a token's actor is answered from memory: a rotated token keeps working at most this long. */
const ACTOR_CACHE_MS = 10_000;

@Injectable()
export class UsersService {
  /** Every request looks its token up and the answer almost never changes (bench: one query less per request). */
  private readonly actors = new Map<string, { actor: Actor; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly regions: RegionsService,
  ) {}

  /**
   * The actor of a token, found by the token's SHA-256 (cache and database alike), never by
   * comparing the token itself: how long a lookup takes depends on the hash, and a guess that
   * shares a prefix with a real token shares nothing with its hash, so timing tells nothing about
   * a token. `beforeLookup` runs only when the database is asked (the sign-in limiter's check).
   */
  async actorForToken(token: string, beforeLookup?: () => Promise<void>): Promise<Actor | null> {
    const tokenHash = hashToken(token);
    const key = tokenHash.toString('base64');
    const cached = this.actors.get(key);
    if (cached && cached.until > Date.now()) return cached.actor;
    await beforeLookup?.();
    const user = await this.db.getRepository(User).findOneBy({ tokenHash });
    if (!user || user.revokedAt) return null;
    const actor: Actor = { userId: user.id, name: user.name, role: user.role, regionCode: user.regionCode };
    if (this.actors.size >= 10_000) this.actors.clear();
    this.actors.set(key, { actor, until: Date.now() + ACTOR_CACHE_MS });
    return actor;
  }

  /** An admin creates users within its own region only. */
  async create(actor: Actor, dto: CreateUserDto): Promise<CreatedUserDto> {
    assertInScope(actor, dto.regionCode);
    await this.regions.get(dto.regionCode);
    return this.issue(dto.name, dto.role, dto.regionCode);
  }

  async issue(name: string, role: Role, regionCode: string): Promise<CreatedUserDto> {
    const token = newToken();
    const user = await this.db
      .getRepository(User)
      .save({ name, role, regionCode, tokenHash: hashToken(token), revokedAt: null });
    return { id: user.id, name, role, regionCode, token };
  }

  /** ADMIN_TOKEN: make sure a country-wide admin holding exactly this token exists. */
  async ensureAdminToken(token: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({
        name: 'admin (ADMIN_TOKEN)',
        role: 'admin',
        regionCode: COUNTRY_CODE,
        tokenHash: hashToken(token),
        revokedAt: null,
      })
      .orIgnore()
      .execute();
  }

  /** Issues a fresh token to the user of this name, creating the user if needed (demo, CLI). */
  async ensureNamedUser(name: string, role: Role, regionCode: string): Promise<string> {
    const existing = await this.db.getRepository(User).findOneBy({ name, role, regionCode });
    if (!existing) return (await this.issue(name, role, regionCode)).token;
    const token = newToken();
    await this.db.getRepository(User).update({ id: existing.id }, { tokenHash: hashToken(token), revokedAt: null });
    this.actors.clear();
    return token;
  }
}
