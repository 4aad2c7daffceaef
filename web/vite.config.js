import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// `npm run dev` proxies the API to a running `bangfu serve` (BANGFU_API, default :8080).
const api = process.env.BANGFU_API || 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [
    vue(),
    // Imports each <el-…> component (and v-loading) where a template uses it, so the bundle
    // carries only the components the UI uses. Styles stay the one full stylesheet of main.js.
    Components({ resolvers: [ElementPlusResolver({ importStyle: false })], dts: false }),
  ],
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
