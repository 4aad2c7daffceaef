import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { ElMessageBox, provideGlobalConfig } from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './assets/main.css';
import App from './App.vue';
import router from './router';

const app = createApp(App);
app.use(createPinia());
app.use(router);
// Element Plus components and v-loading are imported where templates use them (vite.config.js),
// so the bundle carries only those. Its global settings are provided here instead of by
// app.use(ElementPlus): the Chinese locale for every component (date pickers, pagination) and,
// through the app context, for ElMessageBox's buttons and validation texts.
provideGlobalConfig({ locale: zhCn }, app, true);
app.use(ElMessageBox);
app.mount('#app');
