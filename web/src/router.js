import { createRouter, createWebHistory } from 'vue-router';
import { useSessionStore } from './stores/session';
import { get, setUnauthenticatedHandler } from './api';
import { menu } from './menu';
import MainLayout from './layouts/MainLayout.vue';
import Login from './views/Login.vue';
import NotFound from './views/NotFound.vue';

// Each page is its own chunk, loaded when first opened (the what-if page also carries the chart
// library), so a phone opening the sign-in page or one list does not download every page.
const Workbench = () => import('./views/Workbench.vue');
const Audit = () => import('./views/Audit.vue');
const Persons = () => import('./views/Persons.vue');
const PersonDetail = () => import('./views/PersonDetail.vue');
const PersonImport = () => import('./views/PersonImport.vue');
const Entitlements = () => import('./views/Entitlements.vue');
const MyPolicies = () => import('./views/MyPolicies.vue');
const PolicyCatalogue = () => import('./views/PolicyCatalogue.vue');
const PolicyParams = () => import('./views/PolicyParams.vue');
const Postings = () => import('./views/Postings.vue');
const PostingDetail = () => import('./views/PostingDetail.vue');
const PostingImport = () => import('./views/PostingImport.vue');
const Employers = () => import('./views/Employers.vue');
const EmployerDetail = () => import('./views/EmployerDetail.vue');
const Compliance = () => import('./views/Compliance.vue');
const ZeroEmployment = () => import('./views/ZeroEmployment.vue');
const MyReferrals = () => import('./views/MyReferrals.vue');
const PolicyWhatIf = () => import('./views/PolicyWhatIf.vue');

const pages = {
  '/workbench': Workbench, '/audit': Audit, '/persons': Persons, '/persons-import': PersonImport,
  '/entitlements': Entitlements, '/my-policies': MyPolicies, '/policy-catalogue': PolicyCatalogue,
  '/policy-params': PolicyParams, '/policy-what-if': PolicyWhatIf,
  '/postings': Postings, '/my-postings': Postings, '/compliance': Compliance,
  '/zero-employment': ZeroEmployment,
  '/postings-import': PostingImport, '/employers': Employers,
  '/my-referrals': MyReferrals,
};

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: Login, meta: { public: true, title: '登录' } },
    {
      path: '/',
      component: MainLayout,
      children: [
        { path: '', redirect: '/workbench' },
        ...menu.map((m) => ({
          path: m.path.slice(1),
          component: pages[m.path],
          meta: { permission: m.permission, title: m.title },
        })),
        { path: 'persons/:id(\\d+)', component: PersonDetail, meta: { permission: 'persons.read', title: '人员详情', menu: '/persons' } },
        { path: 'postings/:id(\\d+)', component: PostingDetail, meta: { title: '岗位详情', menu: '/postings' } },
        { path: 'employers/:id(\\d+)', component: EmployerDetail, meta: { permission: 'postings.read', title: '用人单位详情', menu: '/employers' } },
        { path: ':rest(.*)*', component: NotFound, meta: { title: '页面不存在' } },
      ],
    },
  ],
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  if (!session.checked) {
    try {
      session.set(await get('/api/v1/me'));
    } catch {
      session.clear();
    }
  }
  if (to.meta.public) return session.signedIn && to.path === '/login' ? '/workbench' : true;
  if (!session.signedIn) return { path: '/login', query: to.fullPath !== '/workbench' ? { next: to.fullPath } : {} };
  if (to.meta.permission && !session.can(to.meta.permission)) return '/workbench';
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ? to.meta.title + ' - ' : ''}帮扶 · 公共就业服务平台`;
});

// After a new release the page chunks an open tab knows of are gone from the server: load the
// new release at the page the user asked for (once per minute and page, so a real outage does not
// reload forever).
router.onError((err, to) => {
  if (!/dynamically imported module|Importing a module script failed/i.test(err?.message || '')) return;
  const key = `bangfu-reload:${to.fullPath}`;
  const last = Number(sessionStorage.getItem(key) || 0);
  if (Date.now() - last < 60000) return;
  sessionStorage.setItem(key, String(Date.now()));
  window.location.assign(to.fullPath);
});

setUnauthenticatedHandler(() => {
  if (router.currentRoute.value.path !== '/login') router.push({ path: '/login', query: { expired: '1' } });
});

export default router;
