import { test, expect, keepScreenshot, openSection, login } from './fixtures';

test('sign-in refuses a wrong password and admits the right one; sign-out returns to the login screen', async ({
  page,
  seeded,
}, testInfo) => {
  await page.goto(seeded.url);
  await expect(page.getByRole('heading', { name: '综合监管工作台' })).toBeVisible();
  await expect(page.getByText('绍兴市越城区卫生健康局')).toBeVisible();
  await keepScreenshot(page, testInfo, 'login');

  await page.getByLabel('用户名').fill('keyuan');
  await page.getByLabel('密码').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();

  await login(page, 'keyuan');
  await expect(page.getByText('张强（科员）')).toBeVisible();
  // A 科员 does not see the administrator's settings.
  await openSection(page, '系统设置');
  await expect(page.getByRole('tab', { name: '修改密码' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '用户管理' })).toHaveCount(0);

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
});

test('the page without the launch token says what to do and gets nothing from the app', async ({
  page,
  app,
}, testInfo) => {
  let refused = 0;
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() === 401) refused++;
  });
  await page.goto(app.origin + '/');
  await expect(page.getByRole('heading', { name: '需要访问令牌' })).toBeVisible();
  await expect(page.getByText('#token=').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '登录' })).toHaveCount(0);
  expect(refused).toBe(0); // it did not even try
  await keepScreenshot(page, testInfo, 'no-launch-token');
  // The old address form (?token=) is no longer exchanged for a cookie: the token belongs in the fragment.
  await page.goto(`${app.origin}/?token=${app.token}`);
  await expect(page.getByRole('heading', { name: '需要访问令牌' })).toBeVisible();
  expect((await page.context().cookies()).length).toBe(0);
});
