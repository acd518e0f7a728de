package io.storefleet.cli;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The files of a commit in a local Git repository, as the planner reads them (repo path → bytes). */
final class GitFiles {

    /** Null when {@code dir} is not a Git repository or {@code revision} does not resolve in it. */
    static Map<String, byte[]> at(Path dir, String revision) throws IOException {
        var gitDir = Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git") : dir;
        var builder = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true);
        Repository repository;
        try {
            repository = builder.build();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        try (repository; var walk = new RevWalk(repository)) {
            ObjectId id = repository.resolve(revision + "^{commit}");
            if (id == null) {
                return null;
            }
            var files = new TreeMap<String, byte[]>();
            try (var tree = new TreeWalk(repository)) {
                tree.addTree(walk.parseCommit(id).getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    files.put(tree.getPathString(), repository.open(tree.getObjectId(0)).getBytes());
                }
            }
            return files;
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException | org.eclipse.jgit.errors.MissingObjectException e) {
            return null;
        }
    }

    private GitFiles() {
    }
}
