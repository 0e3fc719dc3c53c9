/**
 * Placeholder: the privacy actions on a customer's page (export their data, record a request,
 * erase), filled by the privacy-requests part of issue 6 and shown by customer.page.tsx.
 */
export function CustomerPrivacySection(_props: { customerId: string; onErased?: () => void }) {
  return null;
}
