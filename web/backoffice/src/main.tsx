import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { applyLocale, LocaleProvider, readStoredLocale } from '../../ui/i18n';
import { router } from './routes';
import '../../ui/styles.css';
import './backoffice.css';

applyLocale(readStoredLocale());

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

createRoot(container).render(
  <StrictMode>
    <LocaleProvider>
      <RouterProvider router={router} />
    </LocaleProvider>
  </StrictMode>,
);
