import { INestApplication, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../auth/role';
import { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { createValidationPipe } from '../common/validation/validation.pipe';

/**
 * The demo writes as a named user through the HTTP API's validation pipe and the controllers' services, so a bad
 * demo date is refused as a clerk's would be. Each write carries a fixed idempotency key, so a second load — or one
 * that resumes after a crash — adds nothing twice.
 */
export class DemoClient {
  private readonly pipe = createValidationPipe();
  private readonly actors = new Map<string, Actor>();
  /** Writes sent and writes the journal answered from an earlier load. */
  readonly stats = { writes: 0 };

  constructor(
    readonly app: INestApplication,
    readonly keyPrefix: string,
  ) {}

  /** The user of this name, role and region; created (with a token nobody is shown) if missing. */
  async actor(name: string, role: Role, regionCode: string): Promise<Actor> {
    const id = `${role}@${regionCode}`;
    const known = this.actors.get(id);
    if (known) return known;
    const users = this.app.get(DataSource).getRepository(User);
    const user =
      (await users.findOneBy({ name, role, regionCode })) ??
      (await this.app.get(UsersService).issue(name, role, regionCode));
    const actor: Actor = { userId: user.id, name, role, regionCode };
    this.actors.set(id, actor);
    return actor;
  }

  /** A previously created actor by role and region. */
  as(role: Role, regionCode: string): Actor {
    const actor = this.actors.get(`${role}@${regionCode}`);
    if (!actor) throw new Error(`demo: no ${role} user for ${regionCode}`);
    return actor;
  }

  /** The body as the HTTP API would hand it to the service: validated and transformed. */
  async body<T extends object>(dto: Type<T>, plain: Record<string, unknown>): Promise<T> {
    return (await this.pipe.transform(plain, { type: 'body', metatype: dto })) as T;
  }

  /** One keyed write: `call(validatedBody, idempotencyKey)`. */
  async write<T extends object, R>(
    dto: Type<T>,
    plain: Record<string, unknown>,
    key: string,
    call: (body: T, key: string) => Promise<R>,
  ): Promise<R> {
    const body = await this.body(dto, plain);
    this.stats.writes++;
    return call(body, `${this.keyPrefix}:${key}`);
  }
}
