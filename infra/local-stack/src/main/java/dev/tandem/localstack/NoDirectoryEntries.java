package dev.tandem.localstack;

import java.util.List;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.domain.internal.PageSetImpl;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * The filesystem blob store lists the directories it keeps on disk (one per key prefix, left empty
 * when their objects are deleted) as entries of their own, e.g. {@code results/orders/current/};
 * S3 has no such objects, and tools that copy a listing (`aws s3 cp --recursive`) fail on them. A
 * listing without a delimiter — S3's flat listing — keeps objects only. A listing with a delimiter
 * is left as it is: there, directories are S3's common prefixes.
 */
final class NoDirectoryEntries extends ForwardingBlobStore {

    NoDirectoryEntries(BlobStore blobStore) {
        super(blobStore);
    }

    @Override
    public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
        PageSet<? extends StorageMetadata> page = super.list(container, options);
        if (!options.isRecursive()) {
            return page;
        }
        List<StorageMetadata> objects = page.stream().filter(m -> m.getType() == StorageType.BLOB)
                .map(m -> (StorageMetadata) m).toList();
        return objects.size() == page.size() ? page : new PageSetImpl<>(objects, page.getNextMarker());
    }
}
