import { AppError } from '../../platform/errors/app-error.js';
import { ASSET_MAX_BYTES, ASSET_MAX_PIXELS } from './market-assets.rules.js';

export const brandingErrors = {
  unsupportedImageType: (accepted: readonly string[]) =>
    new AppError('unsupported_media_type', 415, 'This kind of image is not accepted here.', {
      detail: `PUT the raw bytes of the image with Content-Type ${accepted.join(', ')}.`,
    }),
  imageTooLarge: () =>
    new AppError('payload_too_large', 413, 'The image is too large.', { detail: `An image may be at most ${ASSET_MAX_BYTES / 1024} KB.` }),
  /** The bytes are another type than the one declared: served as declared, they could be anything. */
  imageTypeMismatch: (declared: string) =>
    new AppError('image_type_mismatch', 422, 'The file is not the kind of image its Content-Type says.', {
      detail: `The bytes are not those of ${declared}; send the file with its real type.`,
    }),
  imageUnreadable: () =>
    new AppError('image_unreadable', 422, 'The image’s size cannot be read: the file is damaged or cut short.'),
  imageTooManyPixels: (size: { width: number; height: number }) =>
    new AppError('image_too_many_pixels', 422, 'The image is too large to show as a logo or icon.', {
      detail: `It is ${size.width}×${size.height} px; at most ${ASSET_MAX_PIXELS} px on each side.`,
    }),
  unknownTemplate: () => new AppError('not_found', 404, 'No email of that name.'),
};
