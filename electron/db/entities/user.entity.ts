import { EntitySchema } from 'typeorm';
import type { Role } from '../../../shared/roles';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
}

// EntitySchema instead of decorators: esbuild/tsx emit no decorator metadata, and every
// column names its type explicitly so the schema does not depend on the compiler.
export const UserEntity = new EntitySchema<UserRecord>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    username: { type: 'varchar', length: 32, unique: true },
    displayName: { name: 'display_name', type: 'varchar', length: 40 },
    role: { type: 'varchar', length: 16 },
    active: { type: 'boolean' },
    mustChangePassword: { name: 'must_change_password', type: 'boolean' },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 32 },
  },
});
