import { ComponentLoader } from 'adminjs'
import { fileURLToPath } from 'node:url'

/**
 * Custom React components of the panel, bundled by AdminJS at boot.
 */
const componentLoader = new ComponentLoader()

export const Components = {
  Dashboard: componentLoader.add(
    'Dashboard',
    fileURLToPath(new URL('./components/dashboard.jsx', import.meta.url))
  ),
  ActiveCheckbox: componentLoader.add(
    'ActiveCheckbox',
    fileURLToPath(new URL('./components/active_checkbox.jsx', import.meta.url))
  ),
  OrderPage: componentLoader.add(
    'OrderPage',
    fileURLToPath(new URL('./components/order_page.jsx', import.meta.url))
  ),
  StatusBadge: componentLoader.add(
    'StatusBadge',
    fileURLToPath(new URL('./components/status_badge.jsx', import.meta.url))
  ),
  MoneyCell: componentLoader.add(
    'MoneyCell',
    fileURLToPath(new URL('./components/money_cell.jsx', import.meta.url))
  ),
  StockCell: componentLoader.add(
    'StockCell',
    fileURLToPath(new URL('./components/stock_cell.jsx', import.meta.url))
  ),
  ResetPassword: componentLoader.add(
    'ResetPassword',
    fileURLToPath(new URL('./components/reset_password.jsx', import.meta.url))
  ),
  ShopLogo: componentLoader.add(
    'ShopLogo',
    fileURLToPath(new URL('./components/shop_logo.jsx', import.meta.url))
  ),
  ProductImport: componentLoader.add(
    'ProductImport',
    fileURLToPath(new URL('./components/product_import.jsx', import.meta.url))
  ),
  CsvExport: componentLoader.add(
    'CsvExport',
    fileURLToPath(new URL('./components/csv_export.jsx', import.meta.url))
  ),
  ProductPage: componentLoader.add(
    'ProductPage',
    fileURLToPath(new URL('./components/product_page.jsx', import.meta.url))
  ),
  LowStockList: componentLoader.add(
    'LowStockList',
    fileURLToPath(new URL('./components/low_stock_list.jsx', import.meta.url))
  ),
}

export default componentLoader
