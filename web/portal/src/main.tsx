import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { BrandingProvider } from '../../ui/branding';
import { applyLocale, LocaleProvider, readStoredLocale } from '../../ui/i18n';
import { router } from './routes';
import '../../ui/styles.css';

applyLocale(readStoredLocale());

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

createRoot(container).render(
  <StrictMode>
    <LocaleProvider>
      <BrandingProvider>
        <RouterProvider router={router} />
      </BrandingProvider>
    </LocaleProvider>
  </StrictMode>,
);
