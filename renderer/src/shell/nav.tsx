import {
  AuditOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DeleteOutlined,
  FieldTimeOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  PrinterOutlined,
  SettingOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import type { ComponentType, ReactNode } from 'react';
import type { Role } from '../../../shared/roles';
import { AuditPage } from '../pages/AuditPage';
import { DataPage } from '../pages/data/DataPage';
import { DestructionPage } from '../pages/destruction/DestructionPage';
import { HomePage } from '../pages/home/HomePage';
import { LendingPage } from '../pages/lending/LendingPage';
import { PrintingPage } from '../pages/printing/PrintingPage';
import { RecordsPage } from '../pages/records/RecordsPage';
import { askHouseholdsEarly } from '../pages/residents/HouseholdsTable';
import { ResidentsPage } from '../pages/residents/ResidentsPage';
import { RetentionPage } from '../pages/retention/RetentionPage';
import { SettingsPage } from '../pages/SettingsPage';

export interface NavItem {
  key: string;
  icon: ReactNode;
  page: ComponentType;
  /** Roles that see the entry; the Node side enforces permissions regardless. */
  roles: readonly Role[];
  /** Asks for the page's first data at the click, while the page mounts. */
  askEarly?: () => void;
}

const ALL: readonly Role[] = ['admin', 'keeper', 'clerk', 'auditor'];
const STAFF: readonly Role[] = ['admin', 'keeper', 'clerk'];

/** One list drives the side navigation; each feature replaces its ComingSoon here. */
export const NAV: NavItem[] = [
  { key: 'home', icon: <DashboardOutlined />, page: HomePage, roles: ALL },
  { key: 'records', icon: <FolderOpenOutlined />, page: RecordsPage, roles: STAFF },
  { key: 'residents', icon: <HomeOutlined />, page: ResidentsPage, roles: STAFF, askEarly: askHouseholdsEarly },
  { key: 'lending', icon: <SwapOutlined />, page: LendingPage, roles: ['admin', 'keeper'] },
  { key: 'retention', icon: <FieldTimeOutlined />, page: RetentionPage, roles: ['admin', 'keeper'] },
  { key: 'destruction', icon: <DeleteOutlined />, page: DestructionPage, roles: ['admin', 'keeper'] },
  { key: 'printing', icon: <PrinterOutlined />, page: PrintingPage, roles: ['admin', 'keeper'] },
  { key: 'data', icon: <DatabaseOutlined />, page: DataPage, roles: ['admin', 'keeper'] },
  { key: 'audit', icon: <AuditOutlined />, page: AuditPage, roles: ['admin', 'auditor'] },
  { key: 'settings', icon: <SettingOutlined />, page: SettingsPage, roles: ALL },
];
