import { AppError } from '../../platform/errors/app-error.js';

export const webhookErrors = {
  endpointNotFound: () => new AppError('not_found', 404, 'No webhook endpoint has this id.'),
  deliveryNotFound: () => new AppError('not_found', 404, 'No webhook delivery has this id.'),
};
