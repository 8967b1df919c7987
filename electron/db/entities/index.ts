import { AuditEntryEntity } from './audit-entry.entity';
import { SettingEntity } from './setting.entity';
import { UserEntity } from './user.entity';

export const ENTITIES = [UserEntity, SettingEntity, AuditEntryEntity];
export { AuditEntryEntity, SettingEntity, UserEntity };
