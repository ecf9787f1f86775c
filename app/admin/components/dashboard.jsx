import React, { useEffect, useState } from 'react'
import { ApiClient } from 'adminjs'
import {
  Box,
  H2,
  H5,
  Text,
  Badge,
  Table,
  TableHead,
  TableBody,
  TableRow,
  TableCell,
} from '@adminjs/design-system'

const api = new ApiClient()

const STATUS_COLORS = {
  pending: 'secondary',
  shipped: 'info',
  delivered: 'success',
  cancelled: 'danger',
}

function Card({ title, children }) {
  return (
    <Box
      variant="card"
      flex
      flexDirection="column"
      p="lg"
      mr="lg"
      mb="lg"
      style={{ minWidth: 220, flex: 1 }}
    >
      <H5 mb="default">{title}</H5>
      {children}
    </Box>
  )
}

function Chart({ days }) {
  const max = Math.max(1, ...days.map((day) => day.orders))
  const width = 720
  const height = 160
  const bar = width / days.length
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 20}`}
      width="100%"
      role="img"
      aria-label="Orders per day"
    >
      {days.map((day, index) => {
        const h = Math.round((day.orders / max) * height)
        return (
          <g key={day.day}>
            <title>{`${day.day}: ${day.orders}`}</title>
            <rect x={index * bar + 2} y={height - h} width={bar - 4} height={h} fill="#3b82f6" />
            {index % 5 === 0 ? (
              <text x={index * bar + 2} y={height + 14} fontSize="10" fill="#616e7c">
                {day.day.slice(5)}
              </text>
            ) : null}
          </g>
        )
      })}
    </svg>
  )
}

const Dashboard = () => {
  const [data, setData] = useState(null)
  const [error, setError] = useState(null)

  useEffect(() => {
    api
      .getDashboard()
      .then((response) => setData(response.data))
      .catch(() => setError('The dashboard could not be loaded'))
  }, [])

  if (error)
    return (
      <Box p="xxl">
        <Text>{error}</Text>
      </Box>
    )
  if (!data)
    return (
      <Box p="xxl">
        <Text>Loading...</Text>
      </Box>
    )

  return (
    <Box p="xxl" data-testid="dashboard">
      <H2 mb="xl">Dashboard</H2>
      <Box flex flexWrap="wrap">
        <Card title="Today">
          <Text data-testid="orders-today">{data.today.orders} orders</Text>
          <Text>{data.today.revenue} revenue</Text>
          <Text data-testid="discounts-today">{data.today.discounts} discounts</Text>
          <Text>
            {data.today.shipping} shipping, {data.today.tax} tax
          </Text>
        </Card>
        <Card title="Last 7 days">
          <Text data-testid="orders-7d">{data.last7Days.orders} orders</Text>
          <Text>{data.last7Days.revenue} revenue</Text>
          <Text data-testid="discounts-7d">{data.last7Days.discounts} discounts</Text>
          <Text>
            {data.last7Days.shipping} shipping, {data.last7Days.tax} tax
          </Text>
        </Card>
        <Card title="Last 30 days">
          <Text data-testid="orders-30d">{data.last30Days.orders} orders</Text>
          <Text>{data.last30Days.revenue} revenue</Text>
          <Text data-testid="discounts-30d">{data.last30Days.discounts} discounts</Text>
          <Text>
            {data.last30Days.shipping} shipping, {data.last30Days.tax} tax
          </Text>
        </Card>
        {data.payments && (
          <Card title="Payments">
            <Text data-testid="awaiting-payment">
              <a href="/admin/resources/orders?filters.status=pending&filters.paymentStatus=unpaid">
                {data.payments.awaitingPayment} awaiting payment
              </a>
            </Text>
            <Text data-testid="payment-events-attention">
              <a href="/admin/resources/payment_provider_events?filters.needsAttention=true">
                {data.payments.needingAttention} payment events need attention
              </a>
            </Text>
          </Card>
        )}
        <Card title="Orders per status">
          {Object.entries(data.ordersPerStatus).map(([status, total]) => (
            <Box key={status} flex justifyContent="space-between" mb="sm">
              <Badge variant={STATUS_COLORS[status]}>{status}</Badge>
              <Text>{total}</Text>
            </Box>
          ))}
        </Card>
      </Box>
      <Box variant="card" p="lg" mb="lg">
        <H5 mb="default">Top promotions (30 days)</H5>
        {data.topPromotions.length === 0 ? (
          <Text>No promotion was used in the last 30 days.</Text>
        ) : (
          <Table data-testid="dashboard-promotions">
            <TableHead>
              <TableRow>
                <TableCell>Promotion</TableCell>
                <TableCell>Code</TableCell>
                <TableCell>Orders</TableCell>
                <TableCell>Discount given</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.topPromotions.map((promotion) => (
                <TableRow key={promotion.id}>
                  <TableCell>
                    <a href={`/admin/resources/promotions/records/${promotion.id}/show`}>
                      {promotion.name}
                    </a>
                  </TableCell>
                  <TableCell>{promotion.code || 'automatic'}</TableCell>
                  <TableCell>{promotion.redemptions}</TableCell>
                  <TableCell>{promotion.amount}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      <Box variant="card" p="lg" mb="lg">
        <H5 mb="default">Orders per day (30 days)</H5>
        <Chart days={data.ordersPerDay} />
      </Box>
      <Box flex flexWrap="wrap">
        <Box variant="card" p="lg" mr="lg" mb="lg" style={{ flex: 1, minWidth: 320 }}>
          <H5 mb="default">
            Low stock ({data.lowStock.total}){' '}
            <a href="/admin/resources/product_variants/actions/lowStock" style={{ fontSize: 12 }}>
              See all
            </a>
          </H5>
          <Table data-testid="dashboard-low-stock">
            <TableHead>
              <TableRow>
                <TableCell>Product</TableCell>
                <TableCell>SKU</TableCell>
                <TableCell>Stock</TableCell>
                <TableCell>Threshold</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.lowStock.variants.map((variant) => (
                <TableRow key={variant.variantId}>
                  <TableCell>
                    <a href={`/admin/resources/products/records/${variant.productId}/show`}>
                      {variant.title === 'Default'
                        ? variant.name
                        : `${variant.name} (${variant.title})`}
                    </a>
                  </TableCell>
                  <TableCell>{variant.sku}</TableCell>
                  <TableCell>{variant.stock}</TableCell>
                  <TableCell>{variant.threshold}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        <Box variant="card" p="lg" mb="lg" style={{ flex: 1, minWidth: 320 }}>
          <H5 mb="default">Latest orders</H5>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>Order</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Total</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.latestOrders.map((order) => (
                <TableRow key={order.id}>
                  <TableCell>
                    <a href={`/admin/resources/orders/records/${order.id}/show`}>{order.number}</a>
                  </TableCell>
                  <TableCell>
                    <Badge variant={STATUS_COLORS[order.status]}>{order.status}</Badge>
                  </TableCell>
                  <TableCell>
                    {order.total} {order.currency}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      </Box>
    </Box>
  )
}

export default Dashboard
