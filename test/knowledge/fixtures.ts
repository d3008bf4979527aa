/** Small hand-written articles for index tests, and the shared Odoo corpora. */
import { fileURLToPath } from 'node:url';
import { toIndexDocuments } from '../../src/knowledge/import/index-documents.js';
import { readKnowledgeFolder } from '../../src/knowledge/import/read-folder.js';
import type { Audience, IndexDocument, Lang } from '../../src/knowledge/types.js';

export function doc(articleId: string, lang: Lang, title: string, body: string, extra: Partial<IndexDocument> = {}): IndexDocument {
  return { articleId, slug: articleId, lang, title, body, tags: [], audience: ['all'] as Audience[], alternates: [], ...extra };
}

export const LEAVE_EN = doc(
  'leave-request',
  'en',
  'Request time off',
  '# Request time off\n\nOpen the **Time Off** app and click **New**. Choose the leave type, the dates and add a reason.\n\nYour manager receives the request and approves or refuses it.',
  { tags: ['leave', 'time off'] },
);
export const LEAVE_ZH = doc(
  'leave-request',
  'zh-CN',
  '申请休假',
  '# 申请休假\n\n打开 **休假** 应用，点击 **新建**。选择休假类型和日期，并填写原因。\n\n您的经理会收到申请并批准或拒绝。',
);
export const PASSWORD_EN = doc(
  'password-reset',
  'en',
  'Reset your password',
  '# Reset your password\n\nOn the login page click **Forgot password**. An e-mail with a reset link arrives within minutes.\n\nThe link expires after 24 hours.',
);
export const EXPENSE_EN = doc(
  'expense-claim',
  'en',
  'Claim an expense',
  '# Claim an expense\n\nIn **Expenses**, take a photo of the receipt and submit it. Finance reimburses approved expenses with the next payroll.',
);
export const EXPENSE_ZH = doc('expense-claim', 'zh-CN', '报销费用', '# 报销费用\n\n在 **费用** 应用中拍下收据并提交。财务会在下次发薪时报销已批准的费用。');
export const ADMIN_ONLY_EN = doc(
  'admin-leave-policy',
  'en',
  'Configure leave types and accrual',
  '# Configure leave types and accrual\n\nAdministrators define leave types, accrual plans and the approval flow for time off requests in **Time Off → Configuration**.',
  { audience: ['admin'] },
);
export const MANAGER_ONLY_EN = doc(
  'manager-team-leave',
  'en',
  'See your team’s leave calendar',
  '# See your team’s leave calendar\n\nManagers open **Time Off → Managers → Calendar** to see who is off and approve requests.',
  { audience: ['manager'] },
);
export const ONLY_EN = doc(
  'vpn-setup',
  'en',
  'Set up the VPN',
  '# Set up the VPN\n\nInstall the VPN client, sign in with your company account and connect before opening the ERP from home.',
);

export const SMALL_KB: IndexDocument[] = [LEAVE_EN, LEAVE_ZH, PASSWORD_EN, EXPENSE_EN, EXPENSE_ZH, ADMIN_ONLY_EN, MANAGER_ONLY_EN, ONLY_EN];

export const KB_DIR = fileURLToPath(new URL('../../../shared/kb/', import.meta.url));

export async function sharedDocs(...folders: string[]): Promise<IndexDocument[]> {
  const versions = [];
  for (const folder of folders) {
    const result = await readKnowledgeFolder(`${KB_DIR}${folder}`);
    if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
    versions.push(...result.versions);
  }
  return toIndexDocuments(versions);
}

export const DEMO_KB_DIR = fileURLToPath(new URL('../../demo-kb', import.meta.url));

/** The product's demo knowledge base (en/ and zh/). */
export async function demoDocs(): Promise<IndexDocument[]> {
  const result = await readKnowledgeFolder(DEMO_KB_DIR);
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  return toIndexDocuments(result.versions);
}
