export * from './online-retail-invoices';
export * from './segments-report';
