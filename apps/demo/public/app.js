// The demo page: no framework, no build step. Everything it shows comes from the JSON API and its event stream.
/* global EventSource -- a browser global the shared lint config does not list */
const $ = (id) => document.getElementById(id)

const form = $('add-user')
const fields = ['name', 'email']

function showFieldError (field, message) {
  const slot = $(`${field}-error`)
  const input = $(field)
  if (!slot || !input) return false
  slot.textContent = message
  slot.hidden = false
  input.setAttribute('aria-invalid', 'true')
  return true
}

function clearErrors () {
  for (const field of fields) {
    $(`${field}-error`).hidden = true
    $(field).removeAttribute('aria-invalid')
  }
}

function flash (message, kind = 'ok') {
  const box = $('flash')
  box.textContent = message
  box.dataset.kind = kind
  box.hidden = false
}

// Fastify's validation messages look like `body/email must match format "email"` or
// `body must have required property 'name'`: find the field they name.
function fieldOf (message) {
  const path = /^body\/(\w+)/.exec(message)
  if (path) return path[1]
  const required = /required property '(\w+)'/.exec(message)
  return required ? required[1] : undefined
}

function friendly (field, message) {
  if (/fewer than 1 characters|required property/.test(message)) return `Enter ${field === 'email' ? 'an email address' : 'a name'}.`
  if (field === 'email' && /format/.test(message)) return 'Enter a valid email address, like ada@example.com.'
  if (/more than \d+ characters/.test(message)) return 'That is too long (at most 100 characters for a name).'
  return message.replace(/^body\//, '')
}

function renderError (message, field = fieldOf(message)) {
  if (!field || !showFieldError(field, friendly(field, message))) flash(message, 'error')
}

function userItem (user) {
  const item = document.createElement('li')
  item.dataset.userId = user.id
  const who = document.createElement('div')
  who.className = 'who'
  const name = document.createElement('span')
  name.className = 'name'
  name.textContent = user.name
  const email = document.createElement('span')
  email.className = 'email'
  email.textContent = user.email
  who.append(name, email)
  const remove = document.createElement('button')
  remove.type = 'button'
  remove.className = 'remove'
  remove.textContent = 'Delete'
  remove.setAttribute('aria-label', `Delete ${user.name}`)
  remove.addEventListener('click', () => deleteUser(user.id))
  item.append(who, remove)
  return item
}

// GET /api/users answers a page at a time, in id order, and names the next page in a Link header
// (RFC 8288): `</api/users?limit=20&cursor=20>; rel="next"`. The cursor is opaque: only passed back.
const pageSize = 20
const maxPageSize = 1000
// How many users the list shows: the first page plus every page "Show more" added, so a refresh after
// an add or a delete shows as many as before.
let shown = pageSize
let nextPage = null

function nextLink (response) {
  const link = response.headers.get('link')
  const next = link && /<([^>]*)>\s*;\s*rel="?next"?/.exec(link)
  return next ? new URL(next[1], window.location.href) : null
}

function renderUsers (users, append) {
  const list = $('users')
  const items = users.map(userItem)
  if (append) list.append(...items)
  else list.replaceChildren(...items)
  const count = list.children.length
  $('user-count').textContent = nextPage ? `${count}+` : String(count)
  $('users-empty').hidden = count > 0
  $('users-more').hidden = nextPage === null
}

async function fetchUsers (url, append) {
  const response = await fetch(url, { headers: { accept: 'application/json' } })
  if (!response.ok) return
  const users = await response.json()
  nextPage = nextLink(response)
  renderUsers(users, append)
}

async function loadUsers () {
  await fetchUsers(`/api/users?limit=${Math.min(shown, maxPageSize)}`, false)
}

async function loadMore () {
  if (nextPage === null) return
  const url = new URL(nextPage)
  url.searchParams.set('limit', String(pageSize))
  shown += pageSize
  await fetchUsers(url, true)
}

$('users-more').addEventListener('click', () => { loadMore() })

async function deleteUser (id) {
  const response = await fetch(`/api/users/${id}`, { method: 'DELETE' })
  if (!response.ok && response.status !== 404) flash(`Could not delete user ${id}: ${response.status}`, 'error')
  await loadUsers()
}

form.addEventListener('submit', async (event) => {
  // The plain-post button is left to the browser: url-encoded body, 303 back here.
  if (event.submitter && event.submitter.hasAttribute('data-plain-post')) return
  event.preventDefault()
  clearErrors()
  const body = { name: form.elements.name.value, email: form.elements.email.value }
  const response = await fetch('/api/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body)
  })
  const payload = await response.json().catch(() => ({}))
  if (response.status === 201) {
    form.reset()
    flash(`Added ${payload.name} (201, Location: ${response.headers.get('location')})`)
    await loadUsers()
  } else {
    renderError(payload.message ?? `Unexpected ${response.status}`)
  }
})

// After a plain form post the server redirected here with the outcome in the query string.
function readRedirectOutcome () {
  const params = new URLSearchParams(window.location.search)
  if (params.has('added')) flash(`Added user ${params.get('added')} with a plain form post (303 redirect)`)
  if (params.has('error')) {
    renderError(params.get('error'), params.get('field') || undefined)
  }
  if (params.has('added') || params.has('error')) window.history.replaceState(null, '', window.location.pathname)
}

const statIds = {
  open: 'stat-open',
  active: 'stat-active',
  idle: 'stat-idle',
  streams: 'stat-streams',
  upgraded: 'stat-upgraded'
}

function renderStats (stats) {
  const connections = stats.connections
  for (const [key, id] of Object.entries(statIds)) $(id).textContent = String(connections[key])
  $('stat-requests').textContent = String(stats.requests.total)
  $('stat-rpc').textContent = Number(stats.requests.perConnection).toFixed(1)
  $('stat-accepted').textContent = `${connections.accepted} / ${connections.closed}`
  $('stat-users').textContent = String(stats.users)
  $('stat-uptime').textContent = formatUptime(stats.uptimeSeconds)
  $('stats-updated').textContent = `pid ${stats.pid}, updated ${new Date().toLocaleTimeString()}`
  $('stats').dataset.state = 'live'
}

function showDraining (why) {
  $('drain-notice').hidden = false
  $('stats-updated').textContent = why
  $('stats').dataset.state = 'down'
}

// The stats are pushed over one server-sent event stream (GET /api/events), not polled. When the
// server drains it sends a last `shutdown` event and ends the stream; EventSource then reconnects by
// itself after the stream's `retry:` delay, to this instance or whichever serves next. A browser gives
// up (readyState CLOSED) when a reconnect gets anything but a 200 event stream, e.g. a proxy's 502
// while nothing is up: then the page opens a new one itself, backing off up to 10 s.
const maxBackoffMs = 10_000
let backoffMs = 1000
let events = null

function openEvents () {
  events = new EventSource('/api/events')
  events.addEventListener('stats', (event) => {
    backoffMs = 1000
    $('drain-notice').hidden = true
    renderStats(JSON.parse(event.data))
  })
  events.addEventListener('shutdown', () => { showDraining('server draining') })
  events.addEventListener('error', () => {
    showDraining('server unreachable')
    if (events.readyState !== EventSource.CLOSED) return
    setTimeout(openEvents, backoffMs)
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs)
  })
}

function formatUptime (seconds) {
  const s = Math.floor(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

async function refreshHealth () {
  for (const probe of ['ready', 'live']) {
    const pill = $(`health-${probe}`)
    try {
      const response = await fetch(`/health/${probe}`, { cache: 'no-store' })
      pill.dataset.state = response.ok ? 'up' : 'down'
      pill.textContent = `${probe}: ${response.status}`
    } catch {
      pill.dataset.state = 'down'
      pill.textContent = `${probe}: unreachable`
    }
  }
}

readRedirectOutcome()
loadUsers()
openEvents()
refreshHealth()
setInterval(refreshHealth, 1000)
