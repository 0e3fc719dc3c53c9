// One chunk for every page of orders, documents, payment methods and the card (see order-routes.tsx).
export { CardPage } from './card.page';
export { CompanyOrdersPage } from './company-orders.page';
export { DocumentPage } from './document.page';
export { DocumentsPage } from './documents.page';
export { InvoicesPage } from './invoices.page';
export { OrderPage } from './order.page';
export { OrdersPage } from './orders.page';
export { PaymentMethodsPage } from './payment-methods.page';
export { ReturnsPage } from './returns.page';
