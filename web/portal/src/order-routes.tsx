import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

/**
 * Orders, documents, payment methods and the card load on first visit (their own chunk), so the
 * sign-in and account pages do not carry them.
 */
const page =
  <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): RouteObject['lazy'] =>
  async () => ({ Component: (await load())[name] });

const orderPages = () => import('./pages/order-pages');

export const orderRoutes: RouteObject[] = [
  { path: '/orders', lazy: page(orderPages, 'OrdersPage') },
  { path: '/orders/:orderId', lazy: page(orderPages, 'OrderPage') },
  { path: '/returns', lazy: page(orderPages, 'ReturnsPage') },
  // The return-status email links to one return: the list shows it with the others.
  { path: '/returns/:returnId', lazy: page(orderPages, 'ReturnsPage') },
  { path: '/documents', lazy: page(orderPages, 'DocumentsPage') },
  { path: '/documents/:documentId', lazy: page(orderPages, 'DocumentPage') },
  { path: '/invoices', lazy: page(orderPages, 'InvoicesPage') },
  { path: '/payment-methods', lazy: page(orderPages, 'PaymentMethodsPage') },
  { path: '/card', lazy: page(orderPages, 'CardPage') },
  { path: '/companies/:companyId/orders', lazy: page(orderPages, 'CompanyOrdersPage') },
  { path: '/companies/:companyId/orders/:orderId', lazy: page(orderPages, 'OrderPage') },
  { path: '/companies/:companyId/documents/:documentId', lazy: page(orderPages, 'DocumentPage') },
];
