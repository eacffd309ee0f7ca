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
import { DomainError, notFound } from '../common/errors/domain-error';
import { type Page, type PageQuery, pageLimit, subtreePageQuery, toPage } from '../common/pagination';
import { isUuid } from '../common/validation/uuid';
import { hashPassword } from '../console/password';

/** A console login given at creation; `final` (demo, CLI) skips the forced change at first sign-in. */
export interface ConsoleLogin {
  username: string;
  password: string;
  final?: boolean;
}

export interface UserSummary {
  id: string;
  name: string;
  role: Role;
  regionCode: string;
  username: string | null;
  disabled: boolean;
  createdAt: Date;
}

/** How long a token's actor is answered from memory: a rotated token keeps working at most this long. */
const ACTOR_CACHE_MS = 10_000;

export const toSummary = (u: User): UserSummary => ({
  id: u.id,
  name: u.name,
  role: u.role,
  regionCode: u.regionCode,
  username: u.username ?? null,
  disabled: u.revokedAt !== null,
  createdAt: u.createdAt,
});

@Injectable()
export class UsersService {
  /** Every request looks its token up and the answer almost never changes (bench: one query less per request). */
  private readonly actors = new Map<string, { actor: Actor; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly regions: RegionsService,
  ) {}

  /**
   * The actor of a token, found by its SHA-256, never by comparing the token: a guess sharing a prefix with a real
   * token shares nothing with its hash, so timing tells nothing. `beforeLookup` runs only when the database is asked.
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
    const login = dto.username && dto.password ? { username: dto.username, password: dto.password } : undefined;
    return this.issue(dto.name, dto.role, dto.regionCode, login);
  }

  /** A new user with a token and, when given, a console login whose password must be changed at first sign-in. */
  async issue(name: string, role: Role, regionCode: string, login?: ConsoleLogin): Promise<CreatedUserDto> {
    const token = newToken();
    const user = await this.db.getRepository(User).save({
      name,
      role,
      regionCode,
      tokenHash: hashToken(token),
      revokedAt: null,
      username: login?.username ?? null,
      passwordHash: login ? await hashPassword(login.password) : null,
      mustChangePassword: Boolean(login && !login.final),
    });
    return { id: user.id, name, role, regionCode, token, ...(login ? { username: login.username } : {}) };
  }

  /** Users in the admin's subtree, newest last, a keyset page by id. */
  async list(actor: Actor, q: PageQuery & { role?: Role }): Promise<Page<UserSummary>> {
    const qb = subtreePageQuery(this.db.getRepository(User), 'u', 'regionCode', actor.regionCode, q);
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    const rows = await qb.getMany();
    const page = toPage(rows, pageLimit(q), (u) => u.id);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map(toSummary),
    };
  }

  /** A user in the admin's subtree, or 404/403. */
  async get(actor: Actor, id: string): Promise<User> {
    const user = isUuid(id) ? await this.db.getRepository(User).findOneBy({ id }) : null;
    if (!user) throw notFound('User', id);
    assertInScope(actor, user.regionCode);
    return user;
  }

  /** An admin sets a new password: the user's sessions end and it must choose its own at next sign-in. */
  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    const user = await this.get(actor, id);
    if (!user.username) throw new DomainError('INVALID_STATE', 'User has no console login / 该用户没有登录账号');
    const hash = await hashPassword(password);
    await this.db.transaction(async (em) => {
      await em.update(
        User,
        { id },
        { passwordHash: hash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null },
      );
      await em.query(
        `UPDATE console_session SET revoked_at = clock_timestamp() WHERE user_id = $1 AND revoked_at IS NULL`,
        [id],
      );
    });
  }

  /** Disables a user: its token stops working (within the cache's seconds) and its sessions end at once. */
  async disable(actor: Actor, id: string): Promise<void> {
    const user = await this.get(actor, id);
    if (user.id === actor.userId) throw new DomainError('INVALID_STATE', 'You cannot disable yourself / 不能停用自己');
    await this.db.transaction(async (em) => {
      await em.query(`UPDATE app_user SET revoked_at = coalesce(revoked_at, clock_timestamp()) WHERE id = $1`, [id]);
      await em.query(
        `UPDATE console_session SET revoked_at = clock_timestamp() WHERE user_id = $1 AND revoked_at IS NULL`,
        [id],
      );
    });
    this.actors.clear();
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
  async ensureNamedUser(name: string, role: Role, regionCode: string, login?: ConsoleLogin): Promise<string> {
    const existing = await this.db.getRepository(User).findOneBy({ name, role, regionCode });
    const final = login && { ...login, final: true };
    if (!existing) return (await this.issue(name, role, regionCode, final)).token;
    const token = newToken();
    const password = login
      ? { username: login.username, passwordHash: await hashPassword(login.password), mustChangePassword: false }
      : {};
    await this.db
      .getRepository(User)
      .update({ id: existing.id }, { tokenHash: hashToken(token), revokedAt: null, ...password });
    this.actors.clear();
    return token;
  }
}
