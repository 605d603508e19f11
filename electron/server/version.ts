// Version shown to users and written into exported files; kept in step with package.json by a unit test.
export const APP_VERSION = '0.1.0';
export const APP_NAME = '综合监管工作台';
export const APP_ID = 'zongjian-desk';
