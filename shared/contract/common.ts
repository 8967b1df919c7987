import { z } from 'zod';
import { passwordProblem, type PasswordContext } from '../domain/password-policy';
import { usernameProblem } from '../domain/username';
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

/** A name for a new user: one script, folded on the Node side (sign-in keeps the lenient `Username`). */
export const NewUsername = Username.superRefine((u, ctx) => {
  const p = usernameProblem(u);
  if (p) ctx.addIssue({ code: 'custom', message: bi(p.zh, p.en) });
});

/** Password policy (shared/domain/password-policy) is checked here so the message reaches the field. */
export const NewPassword = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: bi(problem.zh, problem.en) });
});

/** The parts of the policy that need the rest of the form (user name, community name). */
export function passwordFits<T>(field: string & keyof T, context: (v: T) => PasswordContext) {
  return (v: T, ctx: z.RefinementCtx) => {
    const problem = passwordProblem(String(v[field] ?? ''), context(v));
    if (problem) ctx.addIssue({ code: 'custom', path: [field], message: bi(problem.zh, problem.en) });
  };
}

export const Password = z.string().min(1, bi('请输入密码', 'Enter the password')).max(256);
export const RoleSchema = z.enum(ROLES);
export const DisplayName = z.string().trim().min(1, bi('请输入姓名', 'Enter a name')).max(40);
export const Id = z.string().min(1).max(64);
export const Locale = z.enum(['zh-CN', 'en']);

/** A document made on the Node side, handed to the renderer's in-app preview as base64. */
export const PdfFile = z.object({ fileName: z.string(), dataBase64: z.string() });
