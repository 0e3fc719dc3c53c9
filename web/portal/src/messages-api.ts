import type { ListPage } from './portal-api';
import { api } from './portal-api';

// Messages from the shop (F5.2) and contact the shop (F5.4), as the portal calls them.

export type InboxMessage = {
  id: string;
  subject: string;
  body: string;
  senderKind: 'staff' | 'store';
  company: { id: string; name: string } | null;
  attachments: { documentId: string; kind: string; number: string; issuedAt: string; companyId: string | null }[];
  readAt: string | null;
  archivedAt: string | null;
  createdAt: string;
};
export type InboxStatus = 'all' | 'unread' | 'archived';
export type NotificationMode = 'with_text' | 'without_text' | 'off';

const messagePath = (id: string) => `/api/me/messages/${encodeURIComponent(id)}`;

export const listMyMessages = (status: InboxStatus, cursor: string | null) =>
  api.get<ListPage<InboxMessage> & { unreadCount: number }>(`/api/me/messages?status=${status}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const countUnreadMessages = () => api.get<{ unreadCount: number }>('/api/me/messages/unread-count');
export const getMyMessage = (id: string) => api.get<InboxMessage>(messagePath(id));
export const changeMyMessage = (id: string, change: 'read' | 'unread' | 'archive' | 'unarchive') => api.post<InboxMessage>(`${messagePath(id)}/${change}`);
export const getMessagePreferences = () => api.get<{ notification: NotificationMode }>('/api/me/message-preferences');
export const setMessagePreferences = (notification: NotificationMode) => api.put<{ notification: NotificationMode }>('/api/me/message-preferences', { notification });

/** Told by any page that changes what is read, so the header's count follows at once. */
export const MESSAGES_CHANGED_EVENT = 'comptoir:messages-changed';
export const announceMessagesChanged = () => window.dispatchEvent(new Event(MESSAGES_CHANGED_EVENT));

export type ContactTopic = 'order' | 'document' | 'account' | 'other';
export type ContactAttachment = { id: string; filename: string; contentType: string; byteSize: number };
export type ContactThreadSummary = {
  id: string;
  topic: ContactTopic;
  subject: string;
  status: 'open' | 'answered' | 'closed';
  order: { id: string; number: string } | null;
  document: { id: string; kind: string; number: string } | null;
  createdAt: string;
  lastMessageAt: string;
  unread: boolean;
};
export type ContactThread = ContactThreadSummary & {
  messages: { id: string; authorKind: 'customer' | 'staff'; body: string; attachments: ContactAttachment[]; createdAt: string }[];
};
export type AttachmentUpload = { filename: string; contentType: string; data: string };

const threadPath = (id: string) => `/api/me/contact-threads/${encodeURIComponent(id)}`;

export const listMyThreads = (cursor: string | null) =>
  api.get<ListPage<ContactThreadSummary>>(`/api/me/contact-threads?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const getMyThread = (id: string) => api.get<ContactThread>(threadPath(id));
export const createThread = (body: { topic: ContactTopic; subject: string; body: string; orderId?: string; documentId?: string; attachments: AttachmentUpload[] }) =>
  api.post<ContactThread>('/api/me/contact-threads', body);
export const postThreadMessage = (id: string, body: { body: string; attachments: AttachmentUpload[] }) => api.post<ContactThread>(`${threadPath(id)}/messages`, body);
export const attachmentUrl = (id: string) => `/api/me/contact-attachments/${encodeURIComponent(id)}`;

/** A chosen file as the API takes it: its name, its type and its bytes in base64. */
export async function toUpload(file: File): Promise<AttachmentUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return { filename: file.name, contentType: file.type || 'application/octet-stream', data: btoa(binary) };
}
