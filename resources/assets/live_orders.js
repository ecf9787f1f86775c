/**
 * The live orders page: sign in with the JSON API, list the orders, then
 * follow `users/<id>/orders` with @adonisjs/transmit-client. The bearer
 * token goes on the subscribe call (an EventSource cannot send headers);
 * after a reconnect the page asks /api/v1/me/events?after=<last id> for
 * whatever it missed, so nothing is lost.
 */
import { Transmit } from '/assets/transmit-client.js'

const $ = (id) => document.getElementById(id)
const state = { access: null, refresh: null, user: null, lastEventId: 0, transmit: null }

async function api(path, options = {}, retry = true) {
  const response = await fetch(path, {
    ...options,
    headers: {
      'content-type': 'application/json',
      ...(state.access ? { authorization: `Bearer ${state.access}` } : {}),
      ...options.headers,
    },
  })
  if (response.status === 401 && retry && state.refresh) {
    await refreshTokens()
    return api(path, options, false)
  }
  const body = response.status === 204 ? null : await response.json()
  if (!response.ok) {
    throw new Error(body?.errors?.[0]?.message ?? `HTTP ${response.status}`)
  }
  return body
}

async function refreshTokens() {
  const response = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: state.refresh }),
  })
  if (!response.ok) {
    signOut()
    throw new Error('Your session has ended, please sign in again')
  }
  const { data } = await response.json()
  state.access = data.access_token ?? data.tokens?.access_token
  state.refresh = data.refresh_token ?? data.tokens?.refresh_token
}

function money(order) {
  return `${order.total} ${order.currency}`
}

function renderOrder(order) {
  let row = document.querySelector(`tr[data-order="${order.number}"]`)
  if (!row) {
    row = document.createElement('tr')
    row.dataset.order = order.number
    row.innerHTML = '<td class="number"></td><td class="placed"></td><td class="total"></td><td><span class="status"></span></td>'
    $('rows').prepend(row)
  }
  row.querySelector('.number').textContent = order.number
  row.querySelector('.placed').textContent = new Date(order.created_at).toLocaleString()
  row.querySelector('.total').textContent = money(order)
  setStatus(order.number, order.status)
  $('empty').hidden = true
}

function setStatus(number, status) {
  const badge = document.querySelector(`tr[data-order="${number}"] .status`)
  if (badge) {
    badge.textContent = status
    badge.className = `status status-${status}`
  }
}

async function applyEvent(event) {
  if (event.id <= state.lastEventId) {
    return
  }
  state.lastEventId = event.id
  const item = document.createElement('li')
  item.textContent = `${event.order_number}: ${event.from ?? 'new'} -> ${event.to}`
  $('events').prepend(item)
  if (!document.querySelector(`tr[data-order="${event.order_number}"]`)) {
    const { data } = await api(`/api/v1/orders/${event.order_number}`)
    renderOrder(data)
    return
  }
  setStatus(event.order_number, event.to)
}

async function catchUp() {
  const { data } = await api(`/api/v1/me/events?after=${state.lastEventId}&limit=500`)
  for (const event of data) {
    await applyEvent(event)
  }
}

async function start() {
  $('login').hidden = true
  $('orders').hidden = false
  $('who').textContent = state.user.email

  // Where the live feed starts: the newest event so far.
  const { data: past } = await api('/api/v1/me/events?limit=500')
  state.lastEventId = past.length ? past[past.length - 1].id : 0

  const { data: orders } = await api('/api/v1/me/orders?per_page=50')
  $('rows').textContent = ''
  $('empty').hidden = orders.length > 0
  for (const order of [...orders].reverse()) {
    renderOrder(order)
  }

  const transmit = new Transmit({
    baseUrl: window.location.origin,
    beforeSubscribe(request) {
      request.headers.set('authorization', `Bearer ${state.access}`)
    },
    onSubscribeFailed() {
      $('connection').textContent = 'live updates refused'
    },
    onSubscription() {
      $('connection').textContent = 'live'
      $('connection').dataset.live = 'true'
    },
  })
  state.transmit = transmit
  // Access tokens live 5 minutes: keep a fresh one for re-subscribing after a reconnect.
  state.refreshTimer = setInterval(() => refreshTokens().catch(() => {}), 4 * 60 * 1000)
  let wasDisconnected = false
  transmit.on('disconnected', () => {
    wasDisconnected = true
    $('connection').textContent = 'reconnecting...'
  })
  transmit.on('connected', () => {
    if (wasDisconnected) {
      wasDisconnected = false
      $('connection').textContent = 'live'
      catchUp().catch(() => {})
    }
  })
  const subscription = transmit.subscription(`users/${state.user.id}/orders`)
  subscription.onMessage((event) => {
    applyEvent(event).catch(() => {})
  })
  await subscription.create()
  // Anything that happened between the first read and the subscription.
  await catchUp()
}

function signOut() {
  state.transmit?.close()
  clearInterval(state.refreshTimer)
  Object.assign(state, { access: null, refresh: null, user: null, lastEventId: 0, transmit: null })
  $('orders').hidden = true
  $('login').hidden = false
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault()
  $('login-error').textContent = ''
  const form = new FormData(event.target)
  try {
    const { data } = await api('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    })
    state.access = data.tokens.access_token
    state.refresh = data.tokens.refresh_token
    state.user = data.user
    await start()
  } catch (error) {
    $('login-error').textContent = error.message
  }
})

$('logout').addEventListener('click', async () => {
  const refresh = state.refresh
  signOut()
  if (refresh) {
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refresh }),
    }).catch(() => {})
  }
})
