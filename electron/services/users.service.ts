import type { EntityManager } from 'typeorm';
import type { UserRow } from '../../shared/contract/users.contract';
import { confusableWith, findUsername, foldUsername } from '../../shared/domain/username';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Role } from '../../shared/roles';
import type { Database } from '../db/database';
import { UserEntity, type UserRecord } from '../db/entities/user.entity';
import { assertNewUsername } from './credential-rules';

export function toUserRow(u: UserRecord): UserRow {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt,
  };
}

/** Users and roles inside the vault DB. Passwords never come here: they live in the keyring. */
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly nowIso: () => string,
    private readonly newId: () => string,
  ) {}

  list(): Promise<UserRecord[]> {
    return this.db.manager.find(UserEntity, { order: { createdAt: 'ASC' } });
  }

  byId(id: string, m: EntityManager = this.db.manager): Promise<UserRecord | null> {
    return m.findOneBy(UserEntity, { id });
  }

  /** "Admin" finds "admin": names compare folded; names stored before folding keep their exact match. */
  async byUsername(username: string, m: EntityManager = this.db.manager): Promise<UserRecord | null> {
    const all = await m.find(UserEntity);
    return findUsername(username, all, (u) => u.username) ?? null;
  }

  async create(
    m: EntityManager,
    u: { username: string; displayName: string; role: Role; mustChangePassword: boolean },
    id = this.newId(),
  ): Promise<UserRecord> {
    assertNewUsername(u.username);
    const username = foldUsername(u.username);
    const taken = confusableWith(
      username,
      (await m.find(UserEntity)).map((x) => x.username),
    );
    if (taken) {
      const same = foldUsername(taken) === username;
      throw new AppError('CONFLICT', same ? ERR.users.nameTaken(username) : ERR.users.nameLooksLike(username, taken));
    }
    const now = this.nowIso();
    const rec: UserRecord = { id, ...u, username, active: true, createdAt: now, updatedAt: now };
    await m.insert(UserEntity, rec);
    return rec;
  }

  async update(
    m: EntityManager,
    id: string,
    patch: Partial<Pick<UserRecord, 'active' | 'role' | 'mustChangePassword'>>,
  ): Promise<{ before: UserRecord; after: UserRecord }> {
    const before = await this.byId(id, m);
    if (!before) throw new AppError('NOT_FOUND', ERR.users.notFound);
    const after = { ...before, ...patch, updatedAt: this.nowIso() };
    await m.update(UserEntity, { id }, { ...patch, updatedAt: after.updatedAt });
    return { before, after };
  }

  /** The last active administrator cannot be disabled or demoted: someone must manage users. */
  async assertNotLastAdmin(m: EntityManager, id: string): Promise<void> {
    const admins = await m.findBy(UserEntity, { role: 'admin', active: true });
    if (admins.length === 1 && admins[0].id === id) {
      throw new AppError('CONFLICT', ERR.users.lastAdmin);
    }
  }
}
