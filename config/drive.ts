import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, services } from '@adonisjs/drive'
import type { InferDriveDisks } from '@adonisjs/drive/types'

/**
 * Where product images are stored (issue 17, item 5):
 * - `fs` (the embedded default): a directory on the local disk,
 *   DRIVE_FS_ROOT or tmp/uploads next to the SQLite file;
 * - `s3`: an S3-compatible bucket (AWS, MinIO, R2...), S3_BUCKET with
 *   S3_REGION, S3_ENDPOINT (for non-AWS), S3_ACCESS_KEY_ID /
 *   S3_SECRET_ACCESS_KEY and S3_FORCE_PATH_STYLE.
 * Files are served by the app (GET /images/{name}, with its cache
 * headers) from either disk; drive's own file server is not used, so a
 * missing file is the API's JSON 404.
 */
const fsDisk = () =>
  services.fs({
    location: env.get('DRIVE_FS_ROOT') ?? app.tmpPath('uploads'),
    serveFiles: false,
    visibility: 'public',
  })

const s3Disk = () =>
  services.s3({
    bucket: env.get('S3_BUCKET') ?? 'shop-images',
    region: env.get('S3_REGION') ?? 'us-east-1',
    endpoint: env.get('S3_ENDPOINT'),
    forcePathStyle: env.get('S3_FORCE_PATH_STYLE') ?? false,
    credentials:
      env.get('S3_ACCESS_KEY_ID') && env.get('S3_SECRET_ACCESS_KEY')
        ? {
            accessKeyId: env.get('S3_ACCESS_KEY_ID')!,
            secretAccessKey: env.get('S3_SECRET_ACCESS_KEY')!,
          }
        : undefined,
    cdnUrl: env.get('S3_PUBLIC_URL'),
    visibility: 'public',
    /**
     * No per-object ACLs: whether objects are readable at S3_PUBLIC_URL is
     * the bucket's (or the CDN's) policy.
     */
    supportsACL: false,
  })

/**
 * One disk, `images`, on the configured driver: the S3 client (and its
 * SDK) is loaded only when DRIVE_DISK=s3.
 */
const driveConfig = defineConfig({
  default: 'images',
  services: {
    images: env.get('DRIVE_DISK') === 's3' ? s3Disk() : fsDisk(),
  },
})

export default driveConfig

/**
 * The upload rules: the largest image accepted (IMAGE_MAX_BYTES, 5 MB by
 * default), and whether image URLs point at the bucket's public address
 * (S3_PUBLIC_URL) rather than at the app's GET /images/{name}.
 */
export const imageUploads = {
  maxBytes: env.get('IMAGE_MAX_BYTES') ?? 5 * 1024 * 1024,
  publicUrl: env.get('DRIVE_DISK') === 's3' && !!env.get('S3_PUBLIC_URL'),
}

declare module '@adonisjs/drive/types' {
  export interface DriveDisks extends InferDriveDisks<typeof driveConfig> {}
}
