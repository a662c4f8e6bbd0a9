import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api';
import type { Platform } from '../platform/types';
import type { Staff } from '../session';

/** What every page may use: the API client, the container bridge and the logged-in staff. */
export interface AppServices {
  api: ApiClient;
  platform: Platform;
  staff: Staff;
  /** Clears the session and shows the login again. */
  logout: () => void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
