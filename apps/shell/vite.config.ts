import { defineConfig } from 'vite';
import { shellConfig } from '@cuntu/vite-federation';

export default defineConfig(shellConfig());
