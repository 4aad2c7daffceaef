// Shared by the policy pages (政策目录, 参数设置, 政策模拟, 我的政策): money and dates. The words
// for subject and payee kinds, decisions and limits come from the API (…_label fields).

export const yuan = (fen) => (Number(fen || 0) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

// Today as YYYY-MM-DD in the browser's zone.
export function todayText() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
