import { and, desc, eq, lt } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { staffUsers } from '../staff/staff.tables.js';
import { customerNotes } from './customer-admin.tables.js';
import { customerAdminErrors } from './customer-admin.errors.js';
import { findCustomerOr404 } from './customer-admin.service.js';

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta; customerId: string };
export type TNoteView = { id: string; body: string; author: { id: string; name: string } | null; createdAt: Date };

const target = (customerId: string) => ({ type: 'customer', id: customerId });

/** Staff-only notes (F2.5), newest first, keyset pages on the time-ordered id; audited as customer.notes_viewed. */
export async function listCustomerNotes(
  ctx: Pick<TAppContext, 'db'>,
  options: TStaffAction & { limit: number; cursor?: string | undefined },
): Promise<{ items: TNoteView[]; nextCursor: string | null }> {
  const beforeId = decodeCursor(options.cursor);
  return ctx.db.transaction(async (tx) => {
    await findCustomerOr404(tx, options.customerId, options.actor);
    const rows = await tx
      .select({ note: customerNotes, author: { id: staffUsers.id, name: staffUsers.name } })
      .from(customerNotes)
      .leftJoin(staffUsers, eq(staffUsers.id, customerNotes.authorStaffId))
      .where(and(eq(customerNotes.customerId, options.customerId), beforeId ? lt(customerNotes.id, beforeId) : undefined))
      .orderBy(desc(customerNotes.id))
      .limit(options.limit + 1);
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action: 'customer.notes_viewed', target: target(options.customerId), meta: options.meta });
    const items = rows.map(({ note, author }) => ({ id: note.id, body: note.body, author: author?.id ? author : null, createdAt: note.createdAt }));
    return pageOf(items, options.limit);
  });
}

export async function addCustomerNote(ctx: Pick<TAppContext, 'db'>, options: TStaffAction & { body: string }): Promise<TNoteView> {
  return ctx.db.transaction(async (tx) => {
    await findCustomerOr404(tx, options.customerId, options.actor);
    const [note] = await tx
      .insert(customerNotes)
      .values({ id: newId('cno'), customerId: options.customerId, authorStaffId: options.actor.staff.id, body: options.body.trim() })
      .returning();
    // The note's id, never its text: the audit log is read by more people than the customer page.
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'customer.note_added',
      target: target(options.customerId),
      meta: options.meta,
      details: { noteId: note!.id },
    });
    return { id: note!.id, body: note!.body, author: { id: options.actor.staff.id, name: options.actor.staff.name }, createdAt: note!.createdAt };
  });
}

/** The author deletes their note; an owner or an administrator any note. */
export async function deleteCustomerNote(ctx: Pick<TAppContext, 'db'>, options: TStaffAction & { noteId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await findCustomerOr404(tx, options.customerId, options.actor);
    const [note] = await tx
      .select()
      .from(customerNotes)
      .where(and(eq(customerNotes.id, options.noteId), eq(customerNotes.customerId, options.customerId)))
      .for('update');
    if (!note) throw customerAdminErrors.noteNotFound();
    const mayDeleteAny = options.actor.staff.role === 'owner' || options.actor.staff.role === 'administrator';
    if (note.authorStaffId !== options.actor.staff.id && !mayDeleteAny) throw customerAdminErrors.notNoteAuthor();
    await tx.delete(customerNotes).where(eq(customerNotes.id, note.id));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'customer.note_deleted',
      target: target(options.customerId),
      meta: options.meta,
      details: { noteId: note.id, ownNote: note.authorStaffId === options.actor.staff.id },
    });
  });
}
