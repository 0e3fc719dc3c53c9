import { api, type ListPage } from '../backoffice-api';

// Messages to customers and companies (F5.2) and the customers' requests (F5.4):
// src/modules/messages/messages-admin.routes.ts and src/modules/contact/contact-admin.routes.ts.

export type MessageTarget = { kind: 'customer' | 'company'; id: string };
export type StaffMessage = {
  id: string;
  batchId: string;
  subject: string;
  body: string;
  customer: { id: string; firstName: string; lastName: string; email: string };
  sender: { kind: 'staff' | 'store'; staffId: string | null; staffName: string | null };
  attachments: { documentId: string; kind: string; number: string }[];
  readAt: string | null;
  archivedAt: string | null;
  notifiedAt: string | null;
  createdAt: string;
};
export type AttachableDocument = { id: string; kind: string; number: string; issuedAt: string; total: { amount: number; currency: string } };

const base = (target: MessageTarget) => `/api/staff/${target.kind === 'customer' ? 'customers' : 'companies'}/${encodeURIComponent(target.id)}`;
const page = (cursor: string | null) => `?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

export const listSentMessages = (target: MessageTarget, cursor: string | null) => api.get<ListPage<StaffMessage>>(`${base(target)}/messages${page(cursor)}`);
export const listAttachableDocuments = (target: MessageTarget) => api.get<ListPage<AttachableDocument>>(`${base(target)}/message-attachments?limit=100`);
export const sendMessage = (target: MessageTarget, body: { subject: string; body: string; attachmentDocumentIds: string[] }) =>
  api.post<{ batchId: string; messages: StaffMessage[] }>(`${base(target)}/messages`, body);

export type ThreadStatus = 'open' | 'answered' | 'closed';
export type StaffThreadSummary = {
  id: string;
  marketId: string;
  topic: 'order' | 'document' | 'account' | 'other';
  subject: string;
  status: ThreadStatus;
  order: { id: string; number: string } | null;
  document: { id: string; kind: string; number: string } | null;
  customer: { id: string; firstName: string; lastName: string; email: string };
  createdAt: string;
  lastMessageAt: string;
  unread: boolean;
};
export type StaffThread = StaffThreadSummary & {
  messages: { id: string; authorKind: 'customer' | 'staff'; staffName?: string | null; body: string; createdAt: string; attachments: { id: string; filename: string; contentType: string; byteSize: number }[] }[];
};
export type ThreadQueueStatus = ThreadStatus | 'unread' | 'all';

const threadPath = (id: string) => `/api/staff/contact-threads/${encodeURIComponent(id)}`;

export const listThreads = (status: ThreadQueueStatus, cursor: string | null) =>
  api.get<ListPage<StaffThreadSummary> & { unreadCount: number }>(`/api/staff/contact-threads${page(cursor)}&status=${status}`);
export const getThread = (id: string) => api.get<StaffThread>(threadPath(id));
export const answerThread = (id: string, body: string) => api.post<StaffThread>(`${threadPath(id)}/messages`, { body });
export const setThreadStatus = (id: string, change: 'close' | 'reopen') => api.post<StaffThread>(`${threadPath(id)}/${change}`);
export const staffAttachmentUrl = (id: string) => `/api/staff/contact-attachments/${encodeURIComponent(id)}`;
