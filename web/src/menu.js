// The side menu: each page names the permission it needs (from the server's user.permissions).
// Later pages (人员台账, 政策, 岗位, 帮扶) are added here with their permission.
import { House, Document } from '@element-plus/icons-vue';

export const menu = [
  { path: '/workbench', title: '工作台', icon: House, permission: 'workbench',
    description: '今日工作与常用入口' },
  { path: '/audit', title: '审计日志', icon: Document, permission: 'audit.read',
    description: '登录、变更、敏感数据查看与导出的完整记录' },
];
