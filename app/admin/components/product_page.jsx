import React, { useEffect, useState } from 'react'
import { ApiClient } from 'adminjs'
import {
  Badge,
  Box,
  Button,
  H2,
  H5,
  Link,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system'

const api = new ApiClient()

const nowrap = { whiteSpace: 'nowrap' }
const cellInput = { width: '100%', minWidth: 70, padding: '4px 6px', boxSizing: 'border-box' }
const numberInput = { ...cellInput, minWidth: 60, maxWidth: 110 }
const labelStyle = { display: 'block', marginBottom: 4 }

function when(iso) {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/**
 * A variant as its grid row edits it (every field as text).
 */
function rowOf(variant) {
  return {
    sku: variant.sku,
    options: { ...variant.options },
    price: variant.price,
    compare_at_price: variant.compareAtPrice || '',
    low_stock_threshold: String(variant.lowStockThreshold),
    is_active: variant.isActive,
    image_id: variant.imageId === null ? '' : String(variant.imageId),
  }
}

function emptyRow(page) {
  return {
    sku: '',
    options: Object.fromEntries(page.options.map((option) => [option.name, option.values[0]])),
    price: page.variants.length ? page.variants[0].price : '',
    compare_at_price: '',
    stock: '0',
    low_stock_threshold: page.variants.length ? String(page.variants[0].lowStockThreshold) : '5',
    is_active: true,
  }
}

function OptionSelect({ option, value, onChange, testId }) {
  return (
    <select
      aria-label={option.name}
      data-testid={testId}
      value={value || ''}
      onChange={(event) => onChange(event.target.value)}
      style={cellInput}
    >
      {option.values.map((item) => (
        <option key={item} value={item}>
          {item}
        </option>
      ))}
    </select>
  )
}

/**
 * A product's page: its summary, then its options, its variants (a grid
 * edited in place), each variant's stock (an adjustment with a reason, and
 * its ledger) and its images. Every change is a page action
 * (app/admin/actions/variant_actions.ts) answered with the page's fresh
 * data (record.productPage), so the page shows it without a reload; a
 * refusal shows the service's message, and nothing was changed.
 */
const ProductPage = ({ record, resource }) => {
  const [page, setPage] = useState(record.productPage)
  const [notice, setNotice] = useState(null)
  const [busy, setBusy] = useState(false)
  const [optionsForm, setOptionsForm] = useState([])
  const [rows, setRows] = useState({})
  const [newRow, setNewRow] = useState(null)
  const [stockFor, setStockFor] = useState(null)
  const [movements, setMovements] = useState(null)
  const [stockForm, setStockForm] = useState({
    mode: 'delta',
    value: '',
    kind: 'adjustment',
    reason: '',
  })
  const [imageFile, setImageFile] = useState(null)
  const [imageAlt, setImageAlt] = useState('')
  const [imageEdits, setImageEdits] = useState({})

  const load = (next) => {
    if (!next) return
    setPage(next)
    setOptionsForm(
      next.options.map((option) => ({ name: option.name, values: option.values.join(', ') }))
    )
    setRows(Object.fromEntries(next.variants.map((variant) => [variant.id, rowOf(variant)])))
    setNewRow(emptyRow(next))
    setImageEdits(
      Object.fromEntries(
        next.images.map((image) => [
          image.id,
          { alt: image.alt || '', position: String(image.position) },
        ])
      )
    )
  }

  useEffect(() => {
    load(record.productPage)
  }, [record])

  useEffect(() => {
    if (page && page.name) document.title = page.name
  }, [page && page.name])

  if (!page) {
    return (
      <Box variant="card">
        <Text>This product could not be read.</Text>
      </Box>
    )
  }

  const call = async (actionName, data, options = {}) => {
    setBusy(true)
    if (!options.quiet) setNotice(null)
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName,
        ...(data === undefined ? {} : { data }),
        ...(options.params ? { params: options.params } : {}),
      })
      const answer = response.data
      if (
        answer.record &&
        answer.record.productPage &&
        answer.notice &&
        answer.notice.type !== 'error'
      ) {
        load(answer.record.productPage)
      }
      if (!options.quiet || (answer.notice && answer.notice.type === 'error')) {
        setNotice(answer.notice || null)
      }
      return answer
    } catch (failure) {
      const body = failure && failure.response && failure.response.data
      const message =
        body && body.errors && body.errors[0]
          ? body.errors[0].message
          : 'The change failed: try again.'
      setNotice({ type: 'error', message })
      return null
    } finally {
      setBusy(false)
    }
  }

  const showMovements = async (variant, pageNumber = 1) => {
    const answer = await call('variantMovements', undefined, {
      params: { variantId: variant.id, page: pageNumber },
      quiet: true,
    })
    if (answer && answer.movements) setMovements(answer.movements)
  }

  const openStock = (variant) => {
    setStockFor(variant.id)
    setStockForm({ mode: 'delta', value: '', kind: 'adjustment', reason: '' })
    setMovements(null)
    showMovements(variant)
  }

  const saveOptions = (event) => {
    event.preventDefault()
    call('saveOptions', {
      options: optionsForm.filter((option) => option.name.trim() || option.values.trim()),
    })
  }

  const saveVariant = (variant) => {
    const row = rows[variant.id]
    call('updateVariant', { variantId: variant.id, ...row })
  }

  const addVariant = async (event) => {
    event.preventDefault()
    await call('createVariant', newRow)
  }

  const deleteVariant = (variant) => {
    if (window.confirm(`Delete variant ${variant.sku} (${variant.title})?`)) {
      if (stockFor === variant.id) setStockFor(null)
      call('deleteVariant', { variantId: variant.id })
    }
  }

  const adjustStock = async (event) => {
    event.preventDefault()
    const variant = page.variants.find((item) => item.id === stockFor)
    if (!variant) return
    const data = {
      variantId: variant.id,
      reason: stockForm.reason,
      kind: stockForm.kind,
      ...(stockForm.mode === 'set'
        ? { set: stockForm.value, expected: String(variant.stock) }
        : { delta: stockForm.value }),
    }
    const answer = await call('variantStock', data)
    if (answer && answer.notice && answer.notice.type !== 'error') {
      setStockForm({ ...stockForm, value: '', reason: '' })
      showMovements(variant)
    }
  }

  const uploadImage = async (event) => {
    event.preventDefault()
    if (!imageFile) {
      setNotice({ type: 'error', message: 'Choose a JPEG, PNG or WebP image first.' })
      return
    }
    const data = new FormData()
    data.append('file', imageFile)
    if (imageAlt.trim()) data.append('alt', imageAlt)
    const answer = await call('uploadImage', data)
    if (answer && answer.notice && answer.notice.type !== 'error') {
      setImageFile(null)
      setImageAlt('')
      event.target.reset()
    }
  }

  const setRow = (id, change) => setRows({ ...rows, [id]: { ...rows[id], ...change } })
  const stockVariant = page.variants.find((item) => item.id === stockFor)

  return (
    <Box data-testid="product-page">
      <Box flex flexDirection="row" alignItems="center" mb="lg">
        <H2 mb="0" mr="lg" data-testid="product-title">
          {page.name}
        </H2>
        <Badge variant={page.isActive ? 'success' : 'secondary'}>
          {page.isActive ? 'active' : 'inactive'}
        </Badge>
      </Box>
      <Text mb="lg" data-testid="product-summary">
        Price{' '}
        <span style={nowrap} data-testid="price-range">
          {page.priceRange.min === page.priceRange.max
            ? `${page.priceRange.min} ${page.currency}`
            : `${page.priceRange.min} – ${page.priceRange.max} ${page.currency}`}
        </span>
        {' · '}
        <span data-testid="total-stock">{page.totalStock}</span> in stock over{' '}
        {page.variants.length} variant{page.variants.length === 1 ? '' : 's'} ·{' '}
        <Link href={page.editUrl}>Edit name, description and category</Link>
      </Text>

      <Box variant="card" mb="lg" data-testid="product-details">
        <H5>Details</H5>
        <Table>
          <TableBody>
            <TableRow>
              <TableCell style={{ width: 160 }}>Category</TableCell>
              <TableCell>
                {page.category ? (
                  <Link href={page.category.url}>{page.category.name}</Link>
                ) : (
                  'None'
                )}
              </TableCell>
            </TableRow>
            <TableRow>
              <TableCell>Slug</TableCell>
              <TableCell>{page.slug}</TableCell>
            </TableRow>
            <TableRow>
              <TableCell>Tax class</TableCell>
              <TableCell data-testid="product-tax-class">{page.taxClass}</TableCell>
            </TableRow>
            <TableRow>
              <TableCell>Description</TableCell>
              <TableCell style={{ whiteSpace: 'pre-wrap' }}>{page.description || ''}</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </Box>

      {notice && (
        <MessageBox
          mb="lg"
          variant={notice.type === 'error' ? 'danger' : 'success'}
          message={notice.message}
          data-testid={notice.type === 'error' ? 'page-error' : 'page-notice'}
        />
      )}

      <Box variant="card" mb="lg" data-testid="product-options">
        <H5>Options</H5>
        <Text mb="default">
          A variant picks one value of each option (for example Size: S, M, L). Values are separated
          by commas; a value a variant uses cannot be removed.
        </Text>
        <form onSubmit={saveOptions}>
          {optionsForm.map((option, index) => (
            <Box
              key={index}
              flex
              flexDirection="row"
              alignItems="center"
              mb="sm"
              data-testid="option-row"
            >
              <input
                aria-label={`Option ${index + 1} name`}
                placeholder="Name (Size)"
                value={option.name}
                style={{ ...cellInput, maxWidth: 180, marginRight: 8 }}
                onChange={(event) =>
                  setOptionsForm(
                    optionsForm.map((item, at) =>
                      at === index ? { ...item, name: event.target.value } : item
                    )
                  )
                }
              />
              <input
                aria-label={`Option ${index + 1} values`}
                placeholder="Values (S, M, L)"
                value={option.values}
                style={{ ...cellInput, marginRight: 8 }}
                onChange={(event) =>
                  setOptionsForm(
                    optionsForm.map((item, at) =>
                      at === index ? { ...item, values: event.target.value } : item
                    )
                  )
                }
              />
              <Button
                type="button"
                size="sm"
                variant="text"
                onClick={() => setOptionsForm(optionsForm.filter((_, at) => at !== index))}
              >
                Remove
              </Button>
            </Box>
          ))}
          <Button
            type="button"
            size="sm"
            variant="outlined"
            mr="default"
            disabled={optionsForm.length >= 3}
            onClick={() => setOptionsForm([...optionsForm, { name: '', values: '' }])}
          >
            Add option
          </Button>
          <Button type="submit" size="sm" variant="contained" disabled={busy}>
            Save options
          </Button>
        </form>
      </Box>

      <Box variant="card" mb="lg">
        <H5>Variants</H5>
        <Box style={{ overflowX: 'auto' }}>
          <Table data-testid="variant-grid">
            <TableHead>
              <TableRow>
                <TableCell>SKU</TableCell>
                {page.options.map((option) => (
                  <TableCell key={option.name}>{option.name}</TableCell>
                ))}
                <TableCell>Price</TableCell>
                <TableCell>Compare-at</TableCell>
                <TableCell>Stock</TableCell>
                <TableCell>Low at</TableCell>
                <TableCell>Active</TableCell>
                {page.images.length > 0 && <TableCell>Image</TableCell>}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {page.variants.map((variant) => {
                const row = rows[variant.id]
                if (!row) return null
                return (
                  <TableRow key={variant.id} data-testid="variant-row" data-sku={variant.sku}>
                    <TableCell>
                      <input
                        aria-label="SKU"
                        value={row.sku}
                        style={cellInput}
                        onChange={(event) => setRow(variant.id, { sku: event.target.value })}
                      />
                      <Text variant="sm" style={nowrap}>
                        {variant.title}
                      </Text>
                    </TableCell>
                    {page.options.map((option) => (
                      <TableCell key={option.name}>
                        <OptionSelect
                          option={option}
                          value={row.options[option.name]}
                          onChange={(value) =>
                            setRow(variant.id, {
                              options: { ...row.options, [option.name]: value },
                            })
                          }
                        />
                      </TableCell>
                    ))}
                    <TableCell>
                      <input
                        aria-label="Price"
                        inputMode="decimal"
                        value={row.price}
                        style={numberInput}
                        onChange={(event) => setRow(variant.id, { price: event.target.value })}
                      />
                    </TableCell>
                    <TableCell>
                      <input
                        aria-label="Compare-at price"
                        inputMode="decimal"
                        value={row.compare_at_price}
                        style={numberInput}
                        onChange={(event) =>
                          setRow(variant.id, { compare_at_price: event.target.value })
                        }
                      />
                    </TableCell>
                    <TableCell style={nowrap}>
                      {variant.low ? (
                        <Badge
                          variant="danger"
                          data-testid="variant-stock"
                          title="At or below its low-stock threshold"
                        >
                          {variant.stock}
                        </Badge>
                      ) : (
                        <span data-testid="variant-stock">{variant.stock}</span>
                      )}{' '}
                      <Button
                        type="button"
                        size="sm"
                        variant="text"
                        onClick={() => openStock(variant)}
                      >
                        Stock…
                      </Button>
                    </TableCell>
                    <TableCell>
                      <input
                        aria-label="Low-stock threshold"
                        inputMode="numeric"
                        value={row.low_stock_threshold}
                        style={numberInput}
                        onChange={(event) =>
                          setRow(variant.id, { low_stock_threshold: event.target.value })
                        }
                      />
                    </TableCell>
                    <TableCell>
                      <input
                        type="checkbox"
                        aria-label="Active"
                        checked={row.is_active}
                        onChange={(event) =>
                          setRow(variant.id, { is_active: event.target.checked })
                        }
                      />
                    </TableCell>
                    {page.images.length > 0 && (
                      <TableCell>
                        <select
                          aria-label="Image"
                          value={row.image_id}
                          style={cellInput}
                          onChange={(event) => setRow(variant.id, { image_id: event.target.value })}
                        >
                          <option value="">None</option>
                          {page.images.map((image) => (
                            <option key={image.id} value={String(image.id)}>
                              {`#${image.position} ${image.alt || ''}`.trim()}
                            </option>
                          ))}
                        </select>
                      </TableCell>
                    )}
                    <TableCell style={nowrap}>
                      <Button
                        type="button"
                        size="sm"
                        variant="contained"
                        mr="sm"
                        disabled={busy}
                        onClick={() => saveVariant(variant)}
                      >
                        Save
                      </Button>
                      <Button
                        type="button"
                        size="sm"
                        variant="danger"
                        disabled={busy || page.variants.length === 1}
                        title={
                          page.variants.length === 1
                            ? 'A product keeps at least one variant'
                            : undefined
                        }
                        onClick={() => deleteVariant(variant)}
                      >
                        Delete
                      </Button>
                    </TableCell>
                  </TableRow>
                )
              })}
              {newRow && (
                <TableRow data-testid="new-variant-row">
                  <TableCell>
                    <input
                      aria-label="New SKU"
                      placeholder="New SKU"
                      value={newRow.sku}
                      style={cellInput}
                      onChange={(event) => setNewRow({ ...newRow, sku: event.target.value })}
                    />
                  </TableCell>
                  {page.options.map((option) => (
                    <TableCell key={option.name}>
                      <OptionSelect
                        option={option}
                        testId={`new-option-${option.name}`}
                        value={newRow.options[option.name]}
                        onChange={(value) =>
                          setNewRow({
                            ...newRow,
                            options: { ...newRow.options, [option.name]: value },
                          })
                        }
                      />
                    </TableCell>
                  ))}
                  <TableCell>
                    <input
                      aria-label="New price"
                      inputMode="decimal"
                      value={newRow.price}
                      style={numberInput}
                      onChange={(event) => setNewRow({ ...newRow, price: event.target.value })}
                    />
                  </TableCell>
                  <TableCell>
                    <input
                      aria-label="New compare-at price"
                      inputMode="decimal"
                      value={newRow.compare_at_price}
                      style={numberInput}
                      onChange={(event) =>
                        setNewRow({ ...newRow, compare_at_price: event.target.value })
                      }
                    />
                  </TableCell>
                  <TableCell>
                    <input
                      aria-label="Opening stock"
                      inputMode="numeric"
                      value={newRow.stock}
                      style={numberInput}
                      onChange={(event) => setNewRow({ ...newRow, stock: event.target.value })}
                    />
                  </TableCell>
                  <TableCell>
                    <input
                      aria-label="New low-stock threshold"
                      inputMode="numeric"
                      value={newRow.low_stock_threshold}
                      style={numberInput}
                      onChange={(event) =>
                        setNewRow({ ...newRow, low_stock_threshold: event.target.value })
                      }
                    />
                  </TableCell>
                  <TableCell>
                    <input
                      type="checkbox"
                      aria-label="New variant active"
                      checked={newRow.is_active}
                      onChange={(event) =>
                        setNewRow({ ...newRow, is_active: event.target.checked })
                      }
                    />
                  </TableCell>
                  {page.images.length > 0 && <TableCell />}
                  <TableCell>
                    <Button
                      type="button"
                      size="sm"
                      variant="contained"
                      disabled={busy}
                      onClick={addVariant}
                    >
                      Add variant
                    </Button>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Box>
      </Box>

      {stockVariant && (
        <Box variant="card" mb="lg" data-testid="variant-stock-panel">
          <H5>
            Stock of {stockVariant.sku} ({stockVariant.title}): {stockVariant.stock}
          </H5>
          <form onSubmit={adjustStock} data-testid="stock-form">
            <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end" mb="default">
              <Box mr="default" mb="sm">
                <label htmlFor="stock-mode" style={labelStyle}>
                  Change
                </label>
                <select
                  id="stock-mode"
                  value={stockForm.mode}
                  style={cellInput}
                  onChange={(event) => setStockForm({ ...stockForm, mode: event.target.value })}
                >
                  <option value="delta">Add or remove units</option>
                  <option value="set">Set to a counted level</option>
                </select>
              </Box>
              <Box mr="default" mb="sm">
                <label htmlFor="stock-value" style={labelStyle}>
                  {stockForm.mode === 'set' ? 'Counted stock' : 'Units (negative removes)'}
                </label>
                <input
                  id="stock-value"
                  inputMode="numeric"
                  value={stockForm.value}
                  style={numberInput}
                  onChange={(event) => setStockForm({ ...stockForm, value: event.target.value })}
                />
              </Box>
              <Box mr="default" mb="sm">
                <label htmlFor="stock-kind" style={labelStyle}>
                  Kind
                </label>
                <select
                  id="stock-kind"
                  value={stockForm.kind}
                  style={cellInput}
                  onChange={(event) => setStockForm({ ...stockForm, kind: event.target.value })}
                >
                  <option value="adjustment">Adjustment</option>
                  <option value="return">Return</option>
                </select>
              </Box>
              <Box mr="default" mb="sm" style={{ flex: 1, minWidth: 200 }}>
                <label htmlFor="stock-reason" style={labelStyle}>
                  Reason
                </label>
                <input
                  id="stock-reason"
                  value={stockForm.reason}
                  style={cellInput}
                  onChange={(event) => setStockForm({ ...stockForm, reason: event.target.value })}
                />
              </Box>
              <Box mb="sm">
                <Button type="submit" variant="contained" disabled={busy}>
                  Adjust stock
                </Button>
              </Box>
            </Box>
          </form>
          <Table data-testid="stock-movements">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell style={{ textAlign: 'right' }}>Units</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Order or staff</TableCell>
                <TableCell style={{ textAlign: 'right' }}>Stock after</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(movements && movements.variantId === stockVariant.id ? movements.data : []).map(
                (movement) => (
                  <TableRow key={movement.id} data-testid="movement-row">
                    <TableCell style={nowrap}>{when(movement.at)}</TableCell>
                    <TableCell style={{ textAlign: 'right' }}>
                      {movement.quantity > 0 ? `+${movement.quantity}` : movement.quantity}
                    </TableCell>
                    <TableCell>
                      {movement.reason}
                      {movement.note ? `: ${movement.note}` : ''}
                    </TableCell>
                    <TableCell>
                      {movement.orderNumber ? (
                        <Link href={movement.orderUrl}>{movement.orderNumber}</Link>
                      ) : (
                        movement.staff || ''
                      )}
                    </TableCell>
                    <TableCell style={{ textAlign: 'right' }}>{movement.stockAfter}</TableCell>
                  </TableRow>
                )
              )}
            </TableBody>
          </Table>
          {movements && movements.variantId === stockVariant.id && movements.meta.last_page > 1 && (
            <Box mt="default">
              <Button
                type="button"
                size="sm"
                variant="text"
                disabled={busy || movements.meta.current_page <= 1}
                onClick={() => showMovements(stockVariant, movements.meta.current_page - 1)}
              >
                Newer
              </Button>
              <Text as="span" mx="default">
                Page {movements.meta.current_page} of {movements.meta.last_page}
              </Text>
              <Button
                type="button"
                size="sm"
                variant="text"
                disabled={busy || movements.meta.current_page >= movements.meta.last_page}
                onClick={() => showMovements(stockVariant, movements.meta.current_page + 1)}
              >
                Older
              </Button>
            </Box>
          )}
        </Box>
      )}

      <Box variant="card" mb="lg" data-testid="product-images">
        <H5>Images</H5>
        <Box flex flexDirection="row" flexWrap="wrap">
          {page.images.map((image) => {
            const edit = imageEdits[image.id] || { alt: '', position: '' }
            return (
              <Box key={image.id} mr="lg" mb="lg" style={{ width: 180 }} data-testid="image-card">
                <img
                  src={image.url}
                  alt={image.alt || ''}
                  style={{ width: 180, height: 140, objectFit: 'contain', background: '#f4f6f8' }}
                />
                <input
                  aria-label="Alt text"
                  placeholder="Alt text"
                  value={edit.alt}
                  style={{ ...cellInput, marginTop: 4 }}
                  onChange={(event) =>
                    setImageEdits({
                      ...imageEdits,
                      [image.id]: { ...edit, alt: event.target.value },
                    })
                  }
                />
                <input
                  aria-label="Position"
                  inputMode="numeric"
                  value={edit.position}
                  style={{ ...cellInput, marginTop: 4 }}
                  onChange={(event) =>
                    setImageEdits({
                      ...imageEdits,
                      [image.id]: { ...edit, position: event.target.value },
                    })
                  }
                />
                <Box mt="sm">
                  <Button
                    type="button"
                    size="sm"
                    variant="contained"
                    mr="sm"
                    disabled={busy}
                    onClick={() => call('updateImage', { imageId: image.id, ...edit })}
                  >
                    Save
                  </Button>
                  <Button
                    type="button"
                    size="sm"
                    variant="danger"
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm('Delete this image?'))
                        call('deleteImage', { imageId: image.id })
                    }}
                  >
                    Delete
                  </Button>
                </Box>
              </Box>
            )
          })}
          {page.images.length === 0 && <Text mb="default">No images yet.</Text>}
        </Box>
        <form onSubmit={uploadImage} data-testid="image-upload">
          <Box flex flexDirection="row" flexWrap="wrap" alignItems="center">
            <input
              type="file"
              name="file"
              aria-label="Image file"
              accept="image/jpeg,image/png,image/webp"
              onChange={(event) => setImageFile(event.target.files && event.target.files[0])}
              style={{ marginRight: 8 }}
            />
            <input
              aria-label="Alt text of the new image"
              placeholder="Alt text"
              value={imageAlt}
              style={{ ...cellInput, maxWidth: 240, marginRight: 8 }}
              onChange={(event) => setImageAlt(event.target.value)}
            />
            <Button type="submit" size="sm" variant="contained" disabled={busy}>
              Upload image
            </Button>
          </Box>
          <Text variant="sm" mt="sm">
            JPEG, PNG or WebP (checked by its content). Lower positions show first.
          </Text>
        </form>
      </Box>
    </Box>
  )
}

export default ProductPage
