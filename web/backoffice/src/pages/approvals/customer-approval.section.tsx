/**
 * Placeholder: the approval block on a customer's page (status, approve, refuse), filled by the
 * approval part of issue 6 and shown by customer.page.tsx when the account is not approved.
 */
export function CustomerApprovalSection(_props: { customerId: string; approvalStatus: string; onDecided?: () => void }) {
  return null;
}
