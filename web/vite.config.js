import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// `npm run dev` proxies the API to a running `bangfu serve` (BANGFU_API, default :8080).
const api = process.env.BANGFU_API || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': api,
      '/healthz': api,
    },
  },
});
