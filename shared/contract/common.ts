import { z } from 'zod';
import { ROLES } from '../roles';
import { bi } from './channel';

export const Empty = z.object({}).strict();
export const Ok = z.object({ done: z.literal(true) });

export const Username = z
  .string()
  .trim()
  .min(2, bi('用户名至少 2 个字符', 'User names have at least 2 characters'))
  .max(32, bi('用户名最多 32 个字符', 'User names have at most 32 characters'))
  .regex(/^[\p{L}\p{N}_.-]+$/u, bi('用户名只能包含文字、数字、_ . -', 'Use letters, digits, _ . - only'));

/** Password strength is checked here so the message reaches the field. */
export const NewPassword = z
  .string()
  .min(10, bi('密码至少 10 位', 'Passwords need at least 10 characters'))
  .max(256, bi('密码过长', 'Password too long'))
  .refine((p) => /\p{L}/u.test(p) && /\p{N}/u.test(p), bi('密码需同时包含字母和数字', 'Use both letters and digits'));

export const Password = z.string().min(1, bi('请输入密码', 'Enter the password')).max(256);
export const RoleSchema = z.enum(ROLES);
export const DisplayName = z.string().trim().min(1, bi('请输入姓名', 'Enter a name')).max(40);
export const Id = z.string().min(1).max(64);
export const Locale = z.enum(['zh-CN', 'en']);

/** A document made on the Node side, handed to the renderer's in-app preview as base64. */
export const PdfFile = z.object({ fileName: z.string(), dataBase64: z.string() });
