import { defineConfig } from 'vite';
import { microAppConfig } from '@cuntu/vite-federation';

export default defineConfig(({ command }) => microAppConfig('water', command));
